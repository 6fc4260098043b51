package io.omnicanal.examples.pipeline;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.LongUnaryOperator;

/**
 * The replay's marketing touches, spilled to a private temp file as fixed-size records so that
 * tens of millions of touches cost disk rather than heap (the heap keeps one buffer).
 *
 * <p>Life cycle: {@link #append} during the replay; {@link #rekey} once, after it, rewrites the
 * file with every touch's final profile key and drops the touches whose profile is gone; then
 * {@link #cursor} reads the touches back in append order, as many times as needed. {@link #close}
 * deletes the file. Not thread-safe.
 *
 * <p>Record: profile key (8 bytes), epoch second (8), nano (4), channel, campaign, device and kind
 * codes (4 each), cost (8): 44 bytes. A file that ends mid-record fails with an
 * {@link UncheckedIOException} naming it (the file is private to this object, so that means the
 * disk was full or the folder was tampered with).
 */
final class TouchFile implements AutoCloseable {

    /** One touch, as read back; the fields are overwritten by each {@link Cursor#next}. */
    static final class Cursor implements AutoCloseable {
        long key;
        long second;
        int nano;
        int channel;
        int campaign;
        int device;
        int kind;
        double cost;

        private final Path file;
        private final DataInputStream in;
        private long left;

        private Cursor(Path file, long count) throws IOException {
            this.file = file;
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
            this.left = count;
        }

        /** Whether another touch follows. */
        boolean hasNext() {
            return left > 0;
        }

        /** Reads the next touch into the fields; closes the file after the last one. */
        void next() {
            if (left == 0) {
                throw new NoSuchElementException();
            }
            try {
                key = in.readLong();
                second = in.readLong();
                nano = in.readInt();
                channel = in.readInt();
                campaign = in.readInt();
                device = in.readInt();
                kind = in.readInt();
                cost = in.readDouble();
            } catch (EOFException e) {
                throw new UncheckedIOException("touch file " + file + " ends " + left + " records early", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read touch file " + file, e);
            }
            if (--left == 0) {
                close();
            }
        }

        @Override
        public void close() {
            left = 0;
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close touch file " + file, e);
            }
        }
    }

    private final Path dir;
    private Path file;
    private DataOutputStream out;
    private long count;
    private final List<Cursor> open = new ArrayList<>();

    /** @param dir where the temp file goes (created on the first append) */
    TouchFile(Path dir) {
        this.dir = dir;
    }

    /** The number of touches held. */
    long size() {
        return count;
    }

    /** Appends a touch. */
    void append(long key, long second, int nano, int channel, int campaign, int device, int kind, double cost) {
        try {
            if (out == null) {
                file = Files.createTempFile(dir, ".touches-", ".bin");
                out = open(file);
            }
            write(out, key, second, nano, channel, campaign, device, kind, cost);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write touch file in " + dir, e);
        }
        count++;
    }

    /**
     * Rewrites every touch's key through {@code keys}; a touch whose new key is {@code 0} is
     * dropped. Call once, after the last {@link #append}.
     *
     * @return the number of touches dropped
     */
    long rekey(LongUnaryOperator keys) {
        if (file == null) {
            return 0;
        }
        try {
            out.close();
            out = null;
            Path next = Files.createTempFile(dir, ".touches-", ".bin");
            long kept = 0;
            try (Cursor c = new Cursor(file, count); DataOutputStream w = open(next)) {
                while (c.hasNext()) {
                    c.next();
                    long k = keys.applyAsLong(c.key);
                    if (k != 0) {
                        write(w, k, c.second, c.nano, c.channel, c.campaign, c.device, c.kind, c.cost);
                        kept++;
                    }
                }
            }
            Files.delete(file);
            file = next;
            long dropped = count - kept;
            count = kept;
            return dropped;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite touch file in " + dir, e);
        }
    }

    /** Reads the touches back in append order; call after {@link #rekey}. */
    Cursor cursor() {
        if (out != null) {
            throw new IllegalStateException("touches are read back only after rekey");
        }
        if (file == null) {
            return null;
        }
        try {
            Cursor c = new Cursor(file, count);
            open.add(c);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open touch file " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            for (Cursor c : open) {
                c.close();
            }
            open.clear();
            if (out != null) {
                out.close();
                out = null;
            }
            if (file != null) {
                Files.deleteIfExists(file);
                file = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete touch file " + file, e);
        }
    }

    private static DataOutputStream open(Path f) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(f), 1 << 16));
    }

    private static void write(DataOutputStream w, long key, long second, int nano, int channel, int campaign,
            int device, int kind, double cost) throws IOException {
        w.writeLong(key);
        w.writeLong(second);
        w.writeInt(nano);
        w.writeInt(channel);
        w.writeInt(campaign);
        w.writeInt(device);
        w.writeInt(kind);
        w.writeDouble(cost);
    }
}
