package io.omnicanal.journeys.internal;

import io.omnicanal.journeys.Action;
import io.omnicanal.journeys.DeadLetter;
import io.omnicanal.journeys.Journey;
import io.omnicanal.journeys.JourneyDefinitionException;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/*
 * Snapshot layout (all integers big-endian):
 *   magic "OMJS" (4 bytes) | format version (int) | body | CRC-32 of magic+version+body (long)
 * The body lists, in order: a settings fingerprint; time and counters; every interned-name table in id
 * order; the zone table; deployed definitions as canonical JSON with the current version of each family;
 * the profile table and its free list; the suppression list; every keyed map sorted by key; instance,
 * message and date slots with their free lists; both timer queues in (time, payload) order; rate-limiter state; dead
 * letters. Maps are written sorted, so equal states give identical bytes. Reading parses into a fresh
 * JourneyRuntime and only then is it handed to the engine, so a bad file never leaves a half-loaded state.
 */

/** Writes and reads {@link JourneyRuntime} snapshots; see the design note above. Stateless, thread-safe. */
public final class SnapshotFormat {
    static final int MAGIC = 0x4F4D4A53;
    /**
     * The version written: 5 adds the idempotency key of a message's first attempt where a merge has moved the
     * message since (after the message slots: slot, profile key and entry, in slot order) and an action's key
     * where it is not the one built from the action's parts (a nullable string after the attempt; older files
     * read with none of either); 4 adds the local year of the last anniversary entry fired per (profile, date journey),
     * after the date attributes (older files read with none), and writes a forgotten interned name as length -1; 3 keys per-profile maps as (profile << 31 | id) instead of (profile << 24 | id), so
     * that ids of 2^24 and more no longer run into the profile bits; 2 adds the lap of stays and messages and
     * the pass of actions. Versions 1 to 4 are still read, their keys moved to the new layout.
     */
    static final int VERSION = 5;
    /** The oldest version read. */
    static final int OLDEST = 1;
    private static final int BUFFER = 1 << 16;

    private SnapshotFormat() {}

    /**
     * Writes a snapshot of {@code rt} atomically to {@code file}, streamed through a buffer with the
     * CRC taken on the way: the encoded state is never held in memory whole (at millions of profiles
     * it is hundreds of megabytes, and an array stops at 2 GB).
     */
    public static void write(JourneyRuntime rt, Path file) throws IOException {
        if (!rt.staged.isEmpty()) {
            throw new IllegalStateException("cannot snapshot in the middle of an instant (called from a listener?)");
        }
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream sink = Channels.newOutputStream(ch);
                CheckedOutputStream checked = new CheckedOutputStream(sink, new CRC32());
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(checked, BUFFER));
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                writeBody(rt, out);
                out.flush();
                DataOutputStream tail = new DataOutputStream(sink);
                tail.writeLong(checked.getChecksum().getValue());
                tail.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // a plain move could leave a half-replaced file behind a crash: refuse rather than break the promise
                throw new IOException("the file system of " + dir + " cannot rename atomically", e);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException | UnsupportedOperationException ignored) {
                // some platforms cannot open or sync a directory; the rename itself is atomic
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a snapshot into a new runtime for {@code settings}: one streamed pass checks the CRC, a
     * second decodes the body, so the file is never held in memory whole.
     */
    public static JourneyRuntime read(Path file, Settings settings) throws IOException {
        long size = Files.size(file);
        if (size < 16) {
            throw new IOException("not a journeys snapshot: " + file + " is truncated (" + size + " bytes)");
        }
        CRC32 crc = new CRC32();
        long stored;
        int fileVersion;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER))) {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IOException("not a journeys snapshot: " + file + " starts with 0x" + Integer.toHexString(magic)
                        + ", expected 0x" + Integer.toHexString(MAGIC));
            }
            int version = in.readInt();
            if (version < OLDEST || version > VERSION) {
                throw new IOException("unsupported journeys snapshot version " + version + " in " + file
                        + " (this library reads " + OLDEST + " to " + VERSION + ")");
            }
            fileVersion = version;
            crc.update(ByteBuffer.allocate(8).putInt(magic).putInt(version).array());
            byte[] chunk = new byte[BUFFER];
            long left = size - 16;
            while (left > 0) {
                int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
                if (n < 0) {
                    throw new IOException("corrupt journeys snapshot " + file + ": the file shrank while being read");
                }
                crc.update(chunk, 0, n);
                left -= n;
            }
            stored = in.readLong();
        }
        if (stored != crc.getValue()) {
            throw new IOException("corrupt journeys snapshot " + file + ": checksum mismatch (truncated or modified)");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        Bounded body = new Bounded(raw, size - 16);
        try (DataInputStream in = new DataInputStream(body)) {
            raw.skipNBytes(8);
            JourneyRuntime rt = new JourneyRuntime(settings);
            readBody(rt, in, file, fileVersion);
            if (body.left != 0) {
                throw new IOException("corrupt journeys snapshot " + file + ": " + body.left + " unexpected trailing bytes");
            }
            return rt;
        } catch (EOFException e) {
            throw new IOException("corrupt journeys snapshot " + file + ": body ends early", e);
        } catch (RuntimeException e) {
            throw new IOException("corrupt journeys snapshot " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads at most {@code left} bytes of the body, then reports the end of the stream. */
    private static final class Bounded extends FilterInputStream {
        long left;

        Bounded(InputStream in, long left) {
            super(in);
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left == 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = super.skip(Math.min(n, left));
            left -= k;
            return k;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), left);
        }
    }

    // ------------------------------------------------------------------ body

    private static void writeBody(JourneyRuntime rt, DataOutputStream out) throws IOException {
        writeString(out, rt.s.layoutFingerprint());
        out.writeLong(rt.now);
        out.writeLong(rt.timersFired);
        out.writeLong(rt.delivered);
        for (Names n : tables(rt)) {
            out.writeInt(n.size());
            for (int i = 0; i < n.size(); i++) {
                // a forgotten name (no state refers to it any more, see Names) is written as length -1
                if (n.name(i) == null) {
                    out.writeInt(-1);
                } else {
                    writeString(out, n.name(i));
                }
            }
        }
        out.writeInt(rt.zones.size());
        for (int i = 0; i < rt.zones.size(); i++) {
            writeString(out, rt.zones.zone(i).getId());
        }
        out.writeInt(rt.defs.size());
        for (CompiledJourney d : rt.defs) {
            writeString(out, d.journey.toJson());
        }
        out.writeInt(rt.families.size());
        for (int f = 0; f < rt.families.size(); f++) {
            out.writeInt(rt.currentDef[f]);
        }
        int n = rt.profileCount;
        out.writeInt(n);
        for (int p = 0; p < n; p++) {
            ProfileTable pt = rt.prof;
            out.writeLong(pt.key(p));
            out.writeInt(pt.head(p));
            out.writeByte(pt.reach(p));
            out.writeLong(pt.consent(p));
            out.writeByte(pt.pref(p));
            out.writeShort(pt.zone(p));
            out.writeLong(pt.lastMkt(p));
            out.writeInt(pt.lastFam(p));
            for (int c = 0; c < JourneyRuntime.NCH; c++) {
                out.writeByte(pt.engage(p, c));
            }
            for (int k = 0; k < rt.caps.stride; k++) {
                out.writeInt(pt.rec[pt.capBase(p) + k]);
            }
        }
        writeInts(out, rt.freeProfiles);
        writeIndex(out, rt.index);
        writeLongs(out, rt.suppressed);
        writeTableInts(out, rt.traitVals);
        writeTableInts(out, rt.dateVals);
        writeTableInts(out, rt.dateFired);
        writeLongs(out, rt.segs);
        for (long kind : JourneyRuntime.FACT_KINDS) {
            writeFacts(out, rt.facts, kind);
        }
        writeLong2Int(out, rt.dates.slotOf);

        out.writeInt(rt.stays.count);
        out.writeInt(rt.stays.live);
        for (int i = 0; i < rt.stays.count; i++) {
            out.writeInt(rt.stays.profile(i));
            out.writeInt(rt.stays.def(i));
            out.writeInt(rt.stays.stepWord(i));
            out.writeLong(rt.stays.entered(i));
            out.writeLong(rt.stays.due(i));
            out.writeInt(rt.stays.next(i));
            out.writeInt(rt.stays.gen(i));
            out.writeInt(rt.stays.entry(i));
            out.writeByte(rt.stays.flags(i));
            @SuppressWarnings("unchecked")
            List<Action> touches = rt.stays.touches(i) == null ? List.of() : (List<Action>) rt.stays.touches(i);
            out.writeInt(touches.size());
            for (Action a : touches) {
                writeAction(out, a);
            }
        }
        writeInts(out, rt.stays.free);

        out.writeInt(rt.msg.count);
        out.writeInt(rt.msg.live);
        for (int m = 0; m < rt.msg.count; m++) {
            out.writeInt(rt.msg.profile(m));
            out.writeInt(rt.msg.def(m));
            out.writeInt(rt.msg.step(m));
            out.writeInt(rt.msg.stay(m));
            out.writeInt(rt.msg.stayGen(m));
            out.writeInt(rt.msg.entry(m));
            out.writeInt(rt.msg.lap(m));
            out.writeInt(rt.msg.offer(m));
            out.writeLong(rt.msg.due(m));
            out.writeInt(rt.msg.attempt(m));
            out.writeInt(rt.msg.gen(m));
            out.writeBoolean(rt.msg.alive(m));
        }
        writeInts(out, rt.msg.free);
        int[] firstKeyed = rt.firstKey.keySet().toIntArray();
        java.util.Arrays.sort(firstKeyed);
        out.writeInt(firstKeyed.length);
        for (int m : firstKeyed) {
            out.writeInt(m);
            out.writeLong(rt.firstKey.get(m));
            out.writeInt(rt.firstEntry.get(m));
        }

        out.writeInt(rt.dates.count);
        for (int d = 0; d < rt.dates.count; d++) {
            out.writeInt(rt.dates.profile[d]);
            out.writeInt(rt.dates.family[d]);
            out.writeLong(rt.dates.due[d]);
            out.writeInt(rt.dates.gen[d]);
            out.writeBoolean(rt.dates.alive[d]);
        }
        writeInts(out, rt.dates.free);

        writeHeap(out, rt.heap);
        writeHeap(out, rt.dateHeap);
        for (int c = 0; c < JourneyRuntime.NCH; c++) {
            out.writeLong(rt.rlStart[c]);
            out.writeInt(rt.rlCount[c]);
        }
        out.writeInt(rt.deadLetters.size());
        for (DeadLetter dl : rt.deadLetters) {
            writeAction(out, dl.action());
            writeString(out, dl.reason());
        }
    }

    private static void readBody(JourneyRuntime rt, DataInputStream in, Path file, int version) throws IOException {
        String fingerprint = readString(in);
        if (!fingerprint.equals(rt.s.layoutFingerprint())) {
            throw new IOException("journeys snapshot " + file + " was written with other caps or offers: [" + fingerprint
                    + "], this engine has [" + rt.s.layoutFingerprint() + "]");
        }
        rt.now = in.readLong();
        rt.timersFired = in.readLong();
        rt.delivered = in.readLong();
        for (Names n : tables(rt)) {
            int size = count(in);
            for (int i = 0; i < size; i++) {
                String name = readNameOrForgotten(in, version);
                if (i < n.size()) {
                    if (!java.util.Objects.equals(n.name(i), name)) {
                        throw new IOException("journeys snapshot " + file + " interned \"" + name + "\" where this engine has \""
                                + n.name(i) + "\"");
                    }
                } else if (!n.appendRestored(name)) {
                    throw new IOException("corrupt journeys snapshot " + file + ": duplicate name \"" + name + "\"");
                }
            }
        }
        int zones = count(in);
        for (int i = 0; i < zones; i++) {
            String id = readString(in);
            if (rt.zones.intern(ZoneId.of(id)) != i) {
                throw new IOException("journeys snapshot " + file + " has zone " + id + " at index " + i
                        + " (brand zone " + rt.zones.zone(0) + " differs?)");
            }
        }
        int defs = count(in);
        for (int d = 0; d < defs; d++) {
            Journey j;
            try {
                j = Journey.fromJson(readString(in));
            } catch (JourneyDefinitionException e) {
                throw new IOException("corrupt journeys snapshot " + file + ": definition " + d + ": " + e.getMessage(), e);
            }
            int f = rt.families.intern(j.id());
            if (f == rt.currentDef.length) {
                rt.currentDef = Arrays.copyOf(rt.currentDef, f * 2);
            }
            rt.defs.add(rt.compile(j, f, d));
        }
        int fams = count(in);
        if (fams != rt.families.size()) {
            throw new IOException("corrupt journeys snapshot " + file + ": " + fams + " journeys, definitions name " + rt.families.size());
        }
        for (int f = 0; f < fams; f++) {
            rt.currentDef[f] = in.readInt();
        }
        rt.rebuildEntryIndexes();
        int n = count(in);
        rt.growProfiles(Math.max(16, n));
        rt.profileCount = n;
        for (int p = 0; p < n; p++) {
            ProfileTable pt = rt.prof;
            pt.reset(p, in.readLong());
            pt.setHead(p, in.readInt());
            pt.setReach(p, in.readUnsignedByte());
            pt.setConsent(p, in.readLong());
            pt.setPref(p, in.readByte());
            pt.setZone(p, in.readUnsignedShort());
            pt.setLastMkt(p, in.readLong());
            pt.setLastFam(p, in.readInt());
            for (int c = 0; c < JourneyRuntime.NCH; c++) {
                pt.setEngage(p, c, in.readUnsignedByte());
            }
            for (int k = 0; k < rt.caps.stride; k++) {
                pt.rec[pt.capBase(p) + k] = in.readInt();
            }
        }
        readInts(in, rt.freeProfiles);
        readIndex(in, rt, file);
        readLongs(in, rt.suppressed);
        readTableInts(in, rt.traitVals, rt, version, file);
        readTableInts(in, rt.dateVals, rt, version, file);
        if (version >= 4) {
            readTableInts(in, rt.dateFired, rt, version, file);
        }
        int nSegs = count(in);
        for (int i = 0; i < nSegs; i++) {
            rt.segs.add(profileKey(in.readLong(), rt, version, file));
        }
        for (long kind : JourneyRuntime.FACT_KINDS) {
            readFacts(in, rt, kind, version, file);
        }
        int nDates = count(in);
        for (int i = 0; i < nDates; i++) {
            rt.dates.slotOf.put(profileKey(in.readLong(), rt, version, file), in.readInt());
        }

        int inst = count(in);
        rt.reserveInstances(Math.max(16, inst));
        rt.stays.count = inst;
        rt.stays.live = in.readInt();
        for (int i = 0; i < inst; i++) {
            rt.stays.setProfile(i, in.readInt());
            rt.stays.setDef(i, checkIndex(in.readInt(), rt.defs.size(), "instance definition"));
            int step = in.readInt();
            rt.stays.setStepWord(i, version == 1 ? step & 0xFFFF : step);
            long entered = in.readLong();
            if (entered < 0 || entered > StayTable.MAX_ENTERED) {
                throw new IOException("corrupt journeys snapshot " + file + ": instance entry time " + entered + " out of range");
            }
            rt.stays.setEntered(i, entered);
            rt.stays.setDue(i, in.readLong());
            rt.stays.setNext(i, in.readInt());
            rt.stays.setGen(i, in.readInt());
            int entry = in.readInt();
            if (entry < 0 || entry > StayTable.MAX_ENTRY) {
                throw new IOException("corrupt journeys snapshot " + file + ": instance entry number " + entry + " out of range");
            }
            rt.stays.setEntry(i, entry);
            rt.stays.setFlags(i, in.readByte());
            int touches = count(in);
            if (touches > 0) {
                List<Action> list = new ArrayList<>(touches);
                for (int k = 0; k < touches; k++) {
                    list.add(readAction(in, version));
                }
                rt.stays.setTouches(i, list);
            }
        }
        readInts(in, rt.stays.free);
        for (int p = 0; p < n; p++) {
            rt.refreshFamilies(p);
        }

        int msgs = count(in);
        rt.msg.reserve(msgs);
        rt.msg.count = msgs;
        rt.msg.live = in.readInt();
        for (int m = 0; m < msgs; m++) {
            rt.msg.setProfile(m, in.readInt());
            rt.msg.setDef(m, checkIndex(in.readInt(), rt.defs.size(), "message definition"));
            rt.msg.setStep(m, in.readInt());
            rt.msg.setStay(m, in.readInt());
            rt.msg.setStayGen(m, in.readInt());
            rt.msg.setEntry(m, in.readInt());
            rt.msg.setLap(m, version == 1 ? 0 : in.readInt());
            rt.msg.setOffer(m, in.readInt());
            rt.msg.setDue(m, in.readLong());
            rt.msg.setAttempt(m, in.readInt());
            rt.msg.setGen(m, in.readInt());
            rt.msg.setAlive(m, in.readBoolean());
            rt.msg.setKey(m, rt.msg.alive(m) ? rt.prof.key(checkIndex(rt.msg.profile(m), n, "message profile")) : 0);
        }
        readInts(in, rt.msg.free);
        if (version >= 5) {
            int firstKeyed = count(in);
            for (int k = 0; k < firstKeyed; k++) {
                int m = checkIndex(in.readInt(), msgs, "first-attempt key message");
                rt.firstKey.put(m, in.readLong());
                rt.firstEntry.put(m, in.readInt());
            }
        }
        // which stay each deferred message belongs to is derived state (see JourneyRuntime.deferredByStay)
        rt.relinkDeferred();
        // and so are the reference counts of names from profile data (see Names)
        rt.recountNames();

        int dates = count(in);
        rt.dates.reserve(dates);
        rt.dates.count = dates;
        for (int d = 0; d < dates; d++) {
            rt.dates.profile[d] = in.readInt();
            rt.dates.family[d] = in.readInt();
            rt.dates.due[d] = in.readLong();
            rt.dates.gen[d] = in.readInt();
            rt.dates.alive[d] = in.readBoolean();
        }
        readInts(in, rt.dates.free);

        readHeap(in, rt.heap);
        readHeap(in, rt.dateHeap);
        for (int c = 0; c < JourneyRuntime.NCH; c++) {
            rt.rlStart[c] = in.readLong();
            rt.rlCount[c] = in.readInt();
        }
        int dl = count(in);
        for (int i = 0; i < dl; i++) {
            Action a = readAction(in, version);
            rt.deadLetters.add(new DeadLetter(a, readString(in)));
        }
    }

    private static Names[] tables(JourneyRuntime rt) {
        CompiledJourney.Tables t = rt.t;
        return new Names[] {t.types, t.traits, t.values, t.segments, t.messages, t.topics, t.purposes, t.dates};
    }

    private static int checkIndex(int v, int size, String what) throws IOException {
        if (v < 0 || v >= size) {
            throw new IOException(what + " index " + v + " out of range [0, " + size + ")");
        }
        return v;
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("count " + n + " out of range for the " + in.available() + " bytes left");
        }
        return n;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** A name of an interned table: null for a forgotten one (length -1, version 4 on). */
    private static String readNameOrForgotten(DataInputStream in, int version) throws IOException {
        int n = in.readInt();
        if (n == -1 && version >= 4) {
            return null;
        }
        if (n < 0 || n > in.available()) {
            throw new IOException("count " + n + " out of range for the " + in.available() + " bytes left");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = count(in);
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeString(out, s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }

    private static void writeAction(DataOutputStream out, Action a) throws IOException {
        writeString(out, a.journey());
        out.writeInt(a.version());
        writeString(out, a.step());
        out.writeLong(a.profile());
        out.writeInt(a.entry());
        out.writeInt(a.pass());
        out.writeByte(a.channel().ordinal());
        writeString(out, a.message());
        writeNullable(out, a.offer());
        out.writeLong(a.time().toEpochMilli());
        out.writeInt(a.attempt());
        String own = IdempotencyKeys.of(a.journey(), a.version(), a.step(), a.profile(), a.entry(), a.pass());
        writeNullable(out, own.equals(a.idempotencyKey()) ? null : a.idempotencyKey());
    }

    private static Action readAction(DataInputStream in, int version) throws IOException {
        String journey = readString(in);
        int journeyVersion = in.readInt();
        String step = readString(in);
        long profile = in.readLong();
        int entry = in.readInt();
        int pass = version == 1 ? 1 : in.readInt();
        int channel = checkIndex(in.readByte(), JourneyRuntime.NCH, "channel");
        String message = readString(in);
        String offer = readNullable(in);
        Instant time = Instant.ofEpochMilli(in.readLong());
        int attempt = in.readInt();
        String key = version >= 5 ? readNullable(in) : null;
        return new Action(journey, journeyVersion, step, profile, entry, pass, JourneyRuntime.CHANNELS[channel], message,
                offer, time, attempt, key != null ? key : IdempotencyKeys.of(journey, journeyVersion, step, profile, entry, pass));
    }

    /** Entries in (time, payload) order: canonical, whatever the queue's internal layout. */
    private static void writeHeap(DataOutputStream out, TimerQueue heap) throws IOException {
        long[] entries = heap.sortedEntries();
        out.writeInt(entries.length / 2);
        for (long v : entries) {
            out.writeLong(v);
        }
    }

    private static void readHeap(DataInputStream in, TimerQueue heap) throws IOException {
        int n = count(in);
        for (int i = 0; i < n; i++) {
            heap.push(in.readLong(), in.readLong());
        }
    }

    private static void writeInts(DataOutputStream out, IntArrayList list) throws IOException {
        out.writeInt(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.writeInt(list.getInt(i));
        }
    }

    private static void readInts(DataInputStream in, IntArrayList list) throws IOException {
        int n = count(in);
        for (int i = 0; i < n; i++) {
            list.add(in.readInt());
        }
    }

    private static void writeLong2Int(DataOutputStream out, Long2IntOpenHashMap map) throws IOException {
        long[] keys = map.keySet().toLongArray();
        Arrays.sort(keys);
        out.writeInt(keys.length);
        for (long k : keys) {
            out.writeLong(k);
            out.writeInt(map.get(k));
        }
    }

    private static void writeIndex(DataOutputStream out, ProfileIndex index) throws IOException {
        long[] keys = index.keys();
        out.writeInt(keys.length);
        for (long k : keys) {
            out.writeLong(k);
            out.writeInt(index.get(k));
        }
    }

    private static void readIndex(DataInputStream in, JourneyRuntime rt, Path file) throws IOException {
        int n = count(in);
        for (int i = 0; i < n; i++) {
            long key = in.readLong();
            int p = in.readInt();
            if (p < 0 || p >= rt.profileCount || rt.prof.key(p) != key) {
                throw new IOException("corrupt journeys snapshot " + file + ": profile " + key + " indexed at " + p
                        + ", which holds another profile");
            }
            rt.index.put(key, p);
        }
    }

    private static void writeTableInts(DataOutputStream out, LongTable table) throws IOException {
        long[] keys = table.keys();
        out.writeInt(keys.length);
        for (long k : keys) {
            out.writeLong(k);
            out.writeInt((int) table.get(k));
        }
    }

    private static void readTableInts(DataInputStream in, LongTable table, JourneyRuntime rt, int version, Path file)
            throws IOException {
        int n = count(in);
        for (int i = 0; i < n; i++) {
            table.put(profileKey(in.readLong(), rt, version, file), in.readInt());
        }
    }

    /**
     * A per-profile key read from a file of {@code version}, in this version's layout (see {@link #VERSION}):
     * refused when its profile is not one of the file's profiles.
     */
    private static long profileKey(long key, JourneyRuntime rt, int version, Path file) throws IOException {
        long p = version >= 3 ? key >>> JourneyRuntime.ID_BITS : key >>> 24;
        long id = version >= 3 ? key & JourneyRuntime.ID_MASK : key & 0xFF_FFFFL;
        if (p >= rt.profileCount) {
            throw new IOException("corrupt journeys snapshot " + file + ": key " + key + " names profile " + p
                    + ", the file has " + rt.profileCount);
        }
        return JourneyRuntime.key((int) p, (int) id);
    }

    /** The entries of one kind of the keyed-facts table, keys without their kind bits, in key order. */
    private static void writeFacts(DataOutputStream out, LongTable table, long kind) throws IOException {
        long[] keys = table.keys();
        int n = 0;
        for (long k : keys) {
            n += (k & JourneyRuntime.KIND_BITS) == kind ? 1 : 0;
        }
        out.writeInt(n);
        for (long k : keys) {
            if ((k & JourneyRuntime.KIND_BITS) == kind) {
                out.writeLong(k & ~JourneyRuntime.KIND_BITS);
                out.writeLong(table.get(k));
            }
        }
    }

    private static void readFacts(DataInputStream in, JourneyRuntime rt, long kind, int version, Path file)
            throws IOException {
        int n = count(in);
        long kindBits = version >= 3 ? JourneyRuntime.KIND_BITS : 0x7FL << 56;
        for (int i = 0; i < n; i++) {
            long key = in.readLong();
            if ((key & kindBits) != 0) {
                throw new IOException("corrupt journeys snapshot " + file + ": history key " + key + " out of range");
            }
            rt.facts.put(kind | profileKey(key, rt, version, file), in.readLong());
        }
    }

    private static void writeLongs(DataOutputStream out, LongOpenHashSet set) throws IOException {
        long[] keys = set.toLongArray();
        Arrays.sort(keys);
        out.writeInt(keys.length);
        for (long k : keys) {
            out.writeLong(k);
        }
    }

    private static void readLongs(DataInputStream in, LongOpenHashSet set) throws IOException {
        int n = count(in);
        for (int i = 0; i < n; i++) {
            set.add(in.readLong());
        }
    }
}
