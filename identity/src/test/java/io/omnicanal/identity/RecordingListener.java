package io.omnicanal.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Records listener calls as readable strings. */
final class RecordingListener implements IdentityListener {

    final List<String> events = new ArrayList<>();
    final List<Conflict> conflicts = new ArrayList<>();

    @Override
    public synchronized void merged(long loser, long winner, Instant time) {
        events.add("merged " + loser + " -> " + winner + " @" + time);
    }

    @Override
    public synchronized void split(long old, long[] newKeys, Instant time) {
        events.add("split " + old + " -> " + Arrays.toString(newKeys) + " @" + time);
    }

    @Override
    public synchronized void erased(long key, Instant time) {
        events.add("erased " + key + " @" + time);
    }

    @Override
    public synchronized void conflict(Conflict conflict) {
        conflicts.add(conflict);
    }
}
