package io.omnicanal.attribution.internal;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;

import java.util.Arrays;

/**
 * Interns the profile keys of touches (in input order) and conversions to dense ids.
 *
 * <p>Design note: exports are often sorted by profile, so the index starts in an "ascending" mode:
 * while each new key is larger than the last, ids are assigned in order with no hashing and no
 * per-touch profile column, only the start of each profile's run. The first key that breaks the
 * order (a smaller key, or a profile coming back after another) switches to the general mode once:
 * a hash map over the keys seen so far and a profile id per touch, filled in for the earlier
 * touches from the runs. A last-key check skips the hash lookup for consecutive touches of one
 * profile in either mode. Conversions are looked up by binary search over the ascending keys, or
 * in the map. Not thread-safe.
 */
final class ProfileIndex {
    private final LongArrayList keys = new LongArrayList();
    private final IntArrayList runStarts = new IntArrayList();
    private final int capacity;
    private boolean ascending = true;
    private long lastKey;
    private int lastId = -1;
    private int touchProfiles = -1;
    private Long2IntOpenHashMap ids;
    private int[] touchProfile;

    /** @param capacity the most touches that will be added */
    ProfileIndex(int capacity) {
        this.capacity = capacity;
    }

    /** Records the profile of the touch at position {@code pos} (positions come in order 0, 1, ...). */
    void addTouch(int pos, long key) {
        if (lastId >= 0 && key == lastKey) {
            if (!ascending) {
                touchProfile[pos] = lastId;
            }
            return;
        }
        if (ascending) {
            if (lastId < 0 || key > lastKey) {
                lastId = keys.size();
                keys.add(key);
                runStarts.add(pos);
                lastKey = key;
                return;
            }
            switchToGeneral(pos);
        }
        int id = ids.get(key);
        if (id < 0) {
            id = keys.size();
            keys.add(key);
            ids.put(key, id);
        }
        touchProfile[pos] = id;
        lastKey = key;
        lastId = id;
    }

    private void switchToGeneral(int pos) {
        ids = new Long2IntOpenHashMap(Math.max(16, keys.size() * 2));
        ids.defaultReturnValue(-1);
        touchProfile = new int[capacity];
        for (int r = 0; r < keys.size(); r++) {
            ids.put(keys.getLong(r), r);
            int to = r + 1 < runStarts.size() ? runStarts.getInt(r + 1) : pos;
            Arrays.fill(touchProfile, runStarts.getInt(r), to, r);
        }
        ascending = false;
    }

    /** The id of a conversion's profile, a new one when the profile has no touch. */
    int conversion(long key) {
        if (touchProfiles < 0) {
            touchProfiles = keys.size();
        }
        if (ascending) {
            int found = Arrays.binarySearch(keys.elements(), 0, touchProfiles, key);
            if (found >= 0) {
                return found;
            }
            if (ids == null) {
                ids = new Long2IntOpenHashMap();
                ids.defaultReturnValue(-1);
            }
        }
        int id = ids.get(key);
        if (id < 0) {
            id = keys.size();
            keys.add(key);
            ids.put(key, id);
        }
        return id;
    }

    /** @return whether every touch came grouped by ascending profile key */
    boolean ascending() {
        return ascending;
    }

    /** @return the number of profiles */
    int size() {
        return keys.size();
    }

    /** @return each profile's key, by id (a fresh array) */
    long[] keys() {
        return keys.toLongArray();
    }

    /** In ascending mode: where each profile's run starts, {@code [profiles + 1]}, empty runs for the rest. */
    int[] runStarts(int touches, int profiles) {
        int[] start = new int[profiles + 1];
        int runs = runStarts.size();
        for (int r = 0; r < runs; r++) {
            start[r] = runStarts.getInt(r);
        }
        Arrays.fill(start, runs, profiles + 1, touches);
        return start;
    }

    /** In general mode: the profile id of each touch. */
    int[] touchProfiles() {
        return touchProfile;
    }
}
