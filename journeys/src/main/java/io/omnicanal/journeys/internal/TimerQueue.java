package io.omnicanal.journeys.internal;

/**
 * A priority queue of (time, payload) pairs that pops in (time, payload) order, so that equal times pop
 * deterministically. Entries are never removed early: owners invalidate them with a generation in the payload
 * (lazy deletion). Not thread-safe.
 */
interface TimerQueue {
    /** Number of entries, including stale ones. */
    int size();

    /** The earliest time, or {@link Long#MAX_VALUE} when empty. */
    long peekTime();

    /** The payload of the earliest entry; undefined when empty. */
    long peekPayload();

    /** Adds an entry. */
    void push(long time, long payload);

    /** Removes the earliest entry; the queue must not be empty. */
    void pop();

    /** Every entry as {@code [t0, p0, t1, p1, ...]} in pop order (for snapshots: a canonical order). */
    default long[] sortedEntries() {
        TimerHeap copy = new TimerHeap();
        forEach(copy::push);
        long[] out = new long[2 * copy.size()];
        for (int i = 0; copy.size() > 0; i += 2) {
            out[i] = copy.peekTime();
            out[i + 1] = copy.peekPayload();
            copy.pop();
        }
        return out;
    }

    /** Calls {@code action} with every entry, in no particular order. */
    void forEach(EntryConsumer action);

    /** Receives one (time, payload) entry. */
    @FunctionalInterface
    interface EntryConsumer {
        /** Receives one entry. */
        void accept(long time, long payload);
    }
}
