package io.omnicanal.identity.internal;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The link log: every accepted link event as (time in epoch nanoseconds, source index, caller's
 * sequence number, member node ids), in primitive arrays. Members of one event are contiguous
 * in {@code members}, from {@code start[e]} to {@code start[e + 1]}; a member refused by the
 * merge rules at the last application is stored as {@code ~node}. Times and sequence numbers
 * are {@link LongColumn}s: 4 bytes an event while times are whole seconds and sequences fit an
 * {@code int}, no bytes at all for sequences while all are 0; the source index takes one
 * byte while there are at most 256 sources. An event of k members costs 9 + 4k bytes (13 + 4k
 * with sequences; 3 more with over 256 sources). Not thread-safe.
 */
public final class EventLog {

    private LongColumn time = new LongColumn(true, 64);
    private LongColumn seq = new LongColumn(false, 64);
    /** Source index per event: one byte while every index is below 256, else {@link #source32}. */
    private byte[] source8 = new byte[64];
    private int[] source32;
    private int cap = 64;
    int[] start = new int[65];
    int[] members = new int[192];
    int count;
    final List<String> sources = new ArrayList<>();
    private final Object2IntOpenHashMap<String> sourceIndex = new Object2IntOpenHashMap<>();
    /** The last source looked up, by identity, and its index (sources repeat from link to link). */
    private String lastSource;
    private int lastSourceId;

    EventLog() {
        sourceIndex.defaultReturnValue(-1);
    }

    /** Pre-sizes the arrays for {@code links} events of about three members. */
    void reserve(int links) {
        if (links > cap) {
            grow(links);
            members = Arrays.copyOf(members, (int) Math.min(Integer.MAX_VALUE - 16L, 3L * links));
        }
    }

    private void grow(int cap) {
        time.grow(cap);
        seq.grow(cap);
        if (source32 != null) {
            source32 = Arrays.copyOf(source32, cap);
        } else {
            source8 = Arrays.copyOf(source8, cap);
        }
        start = Arrays.copyOf(start, cap + 1);
        this.cap = cap;
    }

    /** @return event e's source index */
    int source(int e) {
        return source32 != null ? source32[e] : source8[e] & 0xFF;
    }

    private void source(int e, int s) {
        if (source32 == null) {
            if (s < 256) {
                source8[e] = (byte) s;
                return;
            }
            source32 = new int[cap];
            for (int i = 0; i < count; i++) {
                source32[i] = source8[i] & 0xFF;
            }
            source8 = null;
        }
        source32[e] = s;
    }

    /** @return the number of events */
    public int count() {
        return count;
    }

    /** @return event e's time, epoch nanoseconds */
    long time(int e) {
        return time.get(e);
    }

    /** @return event e's sequence number */
    long seq(int e) {
        return seq.get(e);
    }

    /** @return the first n times */
    long[] times(int n) {
        return time.toArray(n);
    }

    /** @return the first n sequence numbers */
    long[] seqs(int n) {
        return seq.toArray(n);
    }

    /** @param s a source name @return its index, added when new */
    int sourceId(String s) {
        if (s == lastSource) {
            return lastSourceId;
        }
        int i = sourceIndex.getInt(s);
        if (i < 0) {
            i = sources.size();
            sources.add(s);
            sourceIndex.put(s, i);
        }
        lastSource = s;
        lastSourceId = i;
        return i;
    }

    /** Appends an event; {@code nodes[0..k)} must be sorted in the canonical within-event order. */
    int add(long t, int src, long sequence, int[] nodes, int k) {
        if (count == cap) {
            grow(count + (count >> 2) + 16);
        }
        int end = start[count];
        if (end + k > members.length) {
            members = Arrays.copyOf(members, Math.max(end + k, members.length + (members.length >> 2) + 16));
        }
        System.arraycopy(nodes, 0, members, end, k);
        time.set(count, t);
        seq.set(count, sequence);
        source(count, src);
        start[count + 1] = end + k;
        return count++;
    }

    /**
     * Moves the last event to position {@code to}, shifting the events from {@code to} on by
     * one, in place (no allocation beyond the moved event's members; O(n) array moves).
     */
    void moveLastTo(int to) {
        int last = count - 1;
        if (to >= last) {
            return;
        }
        long t = time.get(last);
        long sq = seq.get(last);
        int src = source(last);
        int from = start[last];
        int k = start[last + 1] - from;
        int at = start[to];
        int[] saved = Arrays.copyOfRange(members, from, from + k);
        System.arraycopy(members, at, members, at + k, from - at);
        System.arraycopy(saved, 0, members, at, k);
        time.move(to, to + 1, last - to);
        seq.move(to, to + 1, last - to);
        if (source32 != null) {
            System.arraycopy(source32, to, source32, to + 1, last - to);
        } else {
            System.arraycopy(source8, to, source8, to + 1, last - to);
        }
        for (int e = last; e > to; e--) {
            start[e] = start[e - 1] + k;
        }
        time.set(to, t);
        seq.set(to, sq);
        source(to, src);
    }

    /** Reorders the events by a permutation: new event i is old event perm[i]. */
    void permute(int[] perm) {
        byte[] s8 = source32 == null ? new byte[cap] : null;
        int[] s32 = source32 == null ? null : new int[cap];
        int[] st2 = new int[start.length];
        int[] m2 = new int[members.length];
        int pos = 0;
        for (int i = 0; i < count; i++) {
            int e = perm[i];
            if (s32 != null) {
                s32[i] = source32[e];
            } else {
                s8[i] = source8[e];
            }
            st2[i] = pos;
            int len = start[e + 1] - start[e];
            System.arraycopy(members, start[e], m2, pos, len);
            pos += len;
        }
        st2[count] = pos;
        time = time.permuted(perm, count);
        seq = seq.permuted(perm, count);
        source8 = s8;
        source32 = s32;
        start = st2;
        members = m2;
    }

    /** Keeps only the members for which {@code keep} is true; drops events left empty. */
    void retainMembers(java.util.function.IntPredicate keep) {
        int out = 0;
        int pos = 0;
        for (int e = 0; e < count; e++) {
            int from = start[e];
            int to = start[e + 1];
            int begin = pos;
            for (int i = from; i < to; i++) {
                int m = members[i];
                if (keep.test(m < 0 ? ~m : m)) {
                    members[pos++] = m;
                }
            }
            if (pos > begin) {
                time.set(out, time.get(e));
                seq.set(out, seq.get(e));
                source(out, source(e));
                start[out] = begin;
                out++;
            }
        }
        count = out;
        start[count] = pos;
    }
}
