package io.omnicanal.examples.pipeline;

import it.unimi.dsi.fastutil.ints.IntArrays;
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
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * An external sort of keyed byte records, so that the pipeline can replay any number of rows in
 * time order with memory bounded by one chunk rather than by the data.
 *
 * <p>Each record has a sort key (epoch second, nano of second, file rank, line) and an opaque
 * payload. Records are buffered in memory up to {@code chunkBytes}; a full chunk is sorted
 * (an index permutation over primitive key arrays, no per-record object) and written to a run
 * file in a private temp folder. {@link #replay} then merges the runs with a priority queue of
 * run heads, each run read sequentially through its own buffer; if everything fit in one chunk,
 * no file is written at all. Keys are unique in practice (file and line name a row); equal keys
 * keep no particular order. {@link #close} deletes the temp folder.
 *
 * <p>Not thread-safe. A run file that cannot be read back whole fails with an
 * {@link UncheckedIOException} naming it (the files are private to this store, so that means the
 * disk was full or the folder was tampered with).
 */
final class RowStore implements AutoCloseable {

    /** Consumes one record's payload. */
    interface Visitor {
        /**
         * @param data the array holding the payload
         * @param off  its offset
         * @param len  its length
         */
        void accept(byte[] data, int off, int len);
    }

    private final Path parent;
    private final int chunkBytes;
    private Path dir;
    private final List<Path> runs = new ArrayList<>();
    private long size;

    // The chunk being filled: payload bytes and, per record, its key and payload offset.
    private byte[] data;
    private int used;
    private int count;
    private long[] sec = new long[1024];
    private int[] nano = new int[1024];
    private byte[] rank = new byte[1024];
    private long[] line = new long[1024];
    private int[] offset = new int[1024];

    /**
     * @param parent     where the private temp folder goes (only if a chunk spills)
     * @param chunkBytes payload bytes held in memory before a chunk is sorted and spilled
     */
    RowStore(Path parent, int chunkBytes) {
        if (chunkBytes < 1024) {
            throw new IllegalArgumentException("chunkBytes must be at least 1024, was " + chunkBytes);
        }
        this.parent = parent;
        this.chunkBytes = chunkBytes;
        this.data = new byte[Math.min(chunkBytes, 1 << 20)];
    }

    /** The number of records added. */
    long size() {
        return size;
    }

    /**
     * Adds a record (copying its payload).
     *
     * @param epochSecond first key: {@link Long#MIN_VALUE} sorts a timeless row first
     * @param nanos       second key
     * @param fileRank    third key, 0..127
     * @param lineNo      fourth key
     */
    void add(long epochSecond, int nanos, int fileRank, long lineNo, byte[] payload, int off, int len) {
        if (used > 0 && used + len > chunkBytes) {
            spill(); // the chunk is full
        }
        if (used + len > data.length) {
            data = Arrays.copyOf(data, Math.max(Math.min(chunkBytes, data.length * 2), used + len));
        }
        if (count == sec.length) {
            int n = count * 2;
            sec = Arrays.copyOf(sec, n);
            nano = Arrays.copyOf(nano, n);
            rank = Arrays.copyOf(rank, n);
            line = Arrays.copyOf(line, n);
            offset = Arrays.copyOf(offset, n);
        }
        sec[count] = epochSecond;
        nano[count] = nanos;
        rank[count] = (byte) fileRank;
        line[count] = lineNo;
        offset[count] = used;
        System.arraycopy(payload, off, data, used, len);
        used += len;
        count++;
        size++;
    }

    /**
     * Calls {@code visitor} with every record's payload, in key order. Call once, after the last
     * {@link #add}.
     */
    void replay(Visitor visitor) {
        int[] order = sortedChunk();
        if (runs.isEmpty()) {
            for (int k = 0; k < order.length; k++) {
                int i = order[k];
                visitor.accept(data, offset[i], length(i));
            }
            return;
        }
        spill(order);
        PriorityQueue<Run> heads = new PriorityQueue<>(RowStore::compare);
        try {
            for (Path p : runs) {
                Run r = new Run(p);
                if (r.next()) {
                    heads.add(r);
                } else {
                    r.close();
                }
            }
            while (!heads.isEmpty()) {
                Run r = heads.poll();
                visitor.accept(r.payload, 0, r.len);
                if (r.next()) {
                    heads.add(r);
                } else {
                    r.close();
                }
            }
        } finally {
            heads.forEach(Run::close);
        }
    }

    private int length(int i) {
        return (i + 1 < count ? offset[i + 1] : used) - offset[i];
    }

    private int[] sortedChunk() {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        IntArrays.quickSort(order, (a, b) -> compareKeys(sec[a], nano[a], rank[a], line[a], sec[b], nano[b], rank[b],
                line[b]));
        return order;
    }

    private void spill() {
        spill(sortedChunk());
    }

    private void spill(int[] order) {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory(parent, ".rows-");
            }
            Path file = dir.resolve("run-" + runs.size());
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file),
                    1 << 20))) {
                for (int i : order) {
                    out.writeLong(sec[i]);
                    out.writeInt(nano[i]);
                    out.writeByte(rank[i]);
                    out.writeLong(line[i]);
                    int len = length(i);
                    out.writeInt(len);
                    out.write(data, offset[i], len);
                }
            }
            runs.add(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill sorted rows under " + parent, e);
        }
        used = 0;
        count = 0;
    }

    private static int compare(Run a, Run b) {
        return compareKeys(a.sec, a.nano, a.rank, a.line, b.sec, b.nano, b.rank, b.line);
    }

    /** The record order: epoch second, then nano, then file rank, then line. */
    private static int compareKeys(long secA, int nanoA, int rankA, long lineA, long secB, int nanoB, int rankB,
            long lineB) {
        int c = Long.compare(secA, secB);
        if (c == 0) {
            c = Integer.compare(nanoA, nanoB);
        }
        if (c == 0) {
            c = Integer.compare(rankA, rankB);
        }
        return c != 0 ? c : Long.compare(lineA, lineB);
    }

    /** One sorted run file, read record by record. */
    private static final class Run {
        private final Path file;
        private final DataInputStream in;
        long sec;
        int nano;
        int rank;
        long line;
        byte[] payload = new byte[256];
        int len;

        Run(Path file) {
            this.file = file;
            try {
                this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read sorted rows " + file, e);
            }
        }

        boolean next() {
            try {
                try {
                    sec = in.readLong();
                } catch (EOFException end) {
                    return false;
                }
                nano = in.readInt();
                rank = in.readByte();
                line = in.readLong();
                len = in.readInt();
                if (len < 0) {
                    throw new IOException("negative record length " + len);
                }
                if (len > payload.length) {
                    payload = new byte[Math.max(len, payload.length * 2)];
                }
                in.readFully(payload, 0, len);
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("sorted rows " + file + " are truncated or corrupt", e);
            }
        }

        void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + file, e);
            }
        }
    }

    /** Deletes the spilled runs and their folder. */
    @Override
    public void close() {
        data = null;
        if (dir == null) {
            return;
        }
        try {
            for (Path p : runs) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete sorted rows in " + dir, e);
        }
    }
}
