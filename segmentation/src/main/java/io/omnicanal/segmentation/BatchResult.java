package io.omnicanal.segmentation;

import io.omnicanal.segmentation.internal.EngineCore;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import org.roaringbitmap.RoaringBitmap;

/**
 * The outcome of a batch evaluation: for every segment, its members at {@link #evaluatedAt()}. Immutable
 * and thread-safe; unaffected by later changes to the engine.
 */
public final class BatchResult {
    private final List<String> ids;
    private final RoaringBitmap[] rows;
    private final long[] keys;
    private final Instant at;
    private Long2IntOpenHashMap rowOf;

    BatchResult(EngineCore.BatchData d) {
        this.ids = List.of(d.ids());
        this.rows = d.rows();
        this.keys = d.keys();
        this.at = Instant.ofEpochMilli(d.at());
    }

    /** The segment ids in catalog order. */
    public List<String> segments() {
        return ids;
    }

    /** The instant the segments were evaluated at. */
    public Instant evaluatedAt() {
        return at;
    }

    /**
     * How many profiles are in segment {@code id}. O(1)-ish (bitmap cardinality).
     *
     * @throws IllegalArgumentException if the segment is unknown
     */
    public int count(String id) {
        return rows[index(id)].getCardinality();
    }

    /** The member keys of segment {@code id}, sorted ascending. O(m log m). */
    public long[] members(String id) {
        return EngineCore.keysOf(rows[index(id)], keys);
    }

    /** Passes each member key of {@code id} to {@code action}, in profile first-seen order, without boxing. */
    public void forEachMember(String id, LongConsumer action) {
        RoaringBitmap b = rows[index(id)];
        b.forEach((int p) -> action.accept(keys[p]));
    }

    /** Whether profile {@code key} is in segment {@code id}. O(1) after a one-off O(rows) index build. */
    public boolean contains(String id, long key) {
        RoaringBitmap b = rows[index(id)];
        int p = rowOf().get(key);
        return p >= 0 && b.contains(p);
    }

    /**
     * The row of each key that is a member of some segment. Only member rows are indexed: rows of erased
     * and merged-away profiles carry the placeholder key 0 (and a key erased and seen again has an old,
     * dead row), and are members of nothing, so indexing every row let a dead row shadow a live profile
     * 0; a key of no member row is in no segment, which is the answer the lookups then give.
     */
    private synchronized Long2IntOpenHashMap rowOf() {
        if (rowOf == null) {
            RoaringBitmap any = RoaringBitmap.or(rows);
            Long2IntOpenHashMap m = new Long2IntOpenHashMap(any.getCardinality());
            m.defaultReturnValue(-1);
            any.forEach((int p) -> m.put(keys[p], p));
            rowOf = m;
        }
        return rowOf;
    }

    /** The segments profile {@code key} is in, in catalog order. O(segments). */
    public List<String> segmentsOf(long key) {
        List<String> out = new ArrayList<>();
        for (int s = 0; s < ids.size(); s++) {
            if (contains(ids.get(s), key)) {
                out.add(ids.get(s));
            }
        }
        return out;
    }

    private int index(String id) {
        int i = ids.indexOf(id);
        if (i < 0) {
            throw new IllegalArgumentException("unknown segment \"" + id + "\"; known: " + ids);
        }
        return i;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("BatchResult{at=" + at);
        for (int s = 0; s < ids.size(); s++) {
            b.append(", ").append(ids.get(s)).append('=').append(rows[s].getCardinality());
        }
        return b.append('}').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchResult r && ids.equals(r.ids) && at.equals(r.at) && sameMembers(r);
    }

    private boolean sameMembers(BatchResult r) {
        for (String id : ids) {
            if (!Arrays.equals(members(id), r.members(id))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return ids.hashCode() * 31 + at.hashCode();
    }
}
