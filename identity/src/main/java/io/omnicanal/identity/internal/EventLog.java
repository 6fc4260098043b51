package io.omnicanal.identity.internal;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The link log: every accepted link event as (time in epoch nanoseconds, source index, caller's
 * sequence number, member node ids), in primitive arrays. Members of one event are contiguous in {@code members}, from
 * {@code start[e]} to {@code start[e + 1]}; a member refused by the merge rules at the last
 * application is stored as {@code ~node}. Not thread-safe.
 */
public final class EventLog {

    long[] time = new long[64];
    int[] source = new int[64];
    long[] seq = new long[64];
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
        if (links > time.length) {
            time = Arrays.copyOf(time, links);
            source = Arrays.copyOf(source, links);
            seq = Arrays.copyOf(seq, links);
            start = Arrays.copyOf(start, links + 1);
            members = Arrays.copyOf(members, (int) Math.min(Integer.MAX_VALUE - 16L, 3L * links));
        }
    }

    /** @return the number of events */
    public int count() {
        return count;
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
        if (count == time.length) {
            int cap = count + (count >> 1) + 16;
            time = Arrays.copyOf(time, cap);
            source = Arrays.copyOf(source, cap);
            seq = Arrays.copyOf(seq, cap);
            start = Arrays.copyOf(start, cap + 1);
        }
        int end = start[count];
        if (end + k > members.length) {
            members = Arrays.copyOf(members, Math.max(end + k, members.length + (members.length >> 1) + 16));
        }
        System.arraycopy(nodes, 0, members, end, k);
        time[count] = t;
        source[count] = src;
        seq[count] = sequence;
        start[count + 1] = end + k;
        return count++;
    }

    /**
     * Moves the last event to position {@code to}, shifting the events from {@code to} on by
     * one, in place (no allocation; O(n) array moves).
     */
    void moveLastTo(int to) {
        int last = count - 1;
        if (to >= last) {
            return;
        }
        long t = time[last];
        int src = source[last];
        long sq = seq[last];
        int from = start[last];
        int k = start[last + 1] - from;
        int at = start[to];
        int[] saved = Arrays.copyOfRange(members, from, from + k);
        System.arraycopy(members, at, members, at + k, from - at);
        System.arraycopy(saved, 0, members, at, k);
        System.arraycopy(time, to, time, to + 1, last - to);
        System.arraycopy(source, to, source, to + 1, last - to);
        System.arraycopy(seq, to, seq, to + 1, last - to);
        for (int e = last; e > to; e--) {
            start[e] = start[e - 1] + k;
        }
        time[to] = t;
        source[to] = src;
        seq[to] = sq;
    }

    /** Reorders the events by a permutation: new event i is old event perm[i]. */
    void permute(int[] perm) {
        long[] t2 = new long[time.length];
        int[] s2 = new int[source.length];
        long[] q2 = new long[seq.length];
        int[] st2 = new int[start.length];
        int[] m2 = new int[members.length];
        int pos = 0;
        for (int i = 0; i < count; i++) {
            int e = perm[i];
            t2[i] = time[e];
            s2[i] = source[e];
            q2[i] = seq[e];
            st2[i] = pos;
            int len = start[e + 1] - start[e];
            System.arraycopy(members, start[e], m2, pos, len);
            pos += len;
        }
        st2[count] = pos;
        time = t2;
        source = s2;
        seq = q2;
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
                time[out] = time[e];
                source[out] = source[e];
                seq[out] = seq[e];
                start[out] = begin;
                out++;
            }
        }
        count = out;
        start[count] = pos;
    }
}
