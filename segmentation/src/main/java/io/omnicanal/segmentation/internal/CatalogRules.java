package io.omnicanal.segmentation.internal;

import io.omnicanal.segmentation.Condition;
import io.omnicanal.segmentation.EventFilter;
import io.omnicanal.segmentation.LifecycleSettings;
import io.omnicanal.segmentation.RfmSettings;
import io.omnicanal.segmentation.Segment;
import io.omnicanal.segmentation.SegmentDefinitionException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Catalog-wide rules: unique ids, declared event types, known segment and cell references, no cycles.
 * Paths follow the JSON form written by {@link CatalogJson}.
 */
public final class CatalogRules {
    private CatalogRules() {
    }

    /**
     * Checks every rule.
     *
     * @throws SegmentDefinitionException at the path of the first fault
     */
    public static void validate(List<String> eventTypes, List<Segment> segments, RfmSettings rfm,
                                LifecycleSettings lifecycle) {
        Set<String> types = new HashSet<>(eventTypes);
        filter(types, rfm.qualifying(), "$.rfm.qualifying");
        filter(types, lifecycle.qualifying(), "$.lifecycle.qualifying");
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            if (index.putIfAbsent(segments.get(i).id(), i) != null) {
                throw new SegmentDefinitionException("$.segments[" + i + "].id",
                        "duplicate segment id \"" + segments.get(i).id() + "\"", null);
            }
        }
        List<List<Ref>> refs = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            List<Ref> out = new ArrayList<>();
            walk(segments.get(i).condition(), "$.segments[" + i + "].condition", types, index, rfm, out);
            refs.add(out);
        }
        // Cycle detection: iterative three-colour DFS in definition order, so the reported path is
        // deterministic (the reference that closes the first cycle found).
        int n = segments.size();
        byte[] colour = new byte[n];
        for (int start = 0; start < n; start++) {
            if (colour[start] == 0) {
                dfs(start, refs, colour);
            }
        }
    }

    private record Ref(int target, String id, String path) {
    }

    private static void dfs(int start, List<List<Ref>> refs, byte[] colour) {
        int n = colour.length;
        int[] stack = new int[n + 1];
        int[] next = new int[n];
        int top = 0;
        stack[top++] = start;
        colour[start] = 1;
        while (top > 0) {
            int v = stack[top - 1];
            if (next[v] < refs.get(v).size()) {
                Ref r = refs.get(v).get(next[v]++);
                if (colour[r.target()] == 1) {
                    throw new SegmentDefinitionException(r.path(), "cycle between segments through \""
                            + r.id() + "\"", null);
                }
                if (colour[r.target()] == 0) {
                    colour[r.target()] = 1;
                    stack[top++] = r.target();
                }
            } else {
                colour[v] = 2;
                top--;
            }
        }
    }

    private static void walk(Condition c, String path, Set<String> types, Map<String, Integer> index,
                             RfmSettings rfm, List<Ref> out) {
        if (c instanceof Condition.And a) {
            for (int i = 0; i < a.of().size(); i++) {
                walk(a.of().get(i), path + ".of[" + i + "]", types, index, rfm, out);
            }
        } else if (c instanceof Condition.Or o) {
            for (int i = 0; i < o.of().size(); i++) {
                walk(o.of().get(i), path + ".of[" + i + "]", types, index, rfm, out);
            }
        } else if (c instanceof Condition.Not n) {
            walk(n.of(), path + ".of", types, index, rfm, out);
        } else if (c instanceof Condition.Aggregate a) {
            filter(types, a.filter(), path + ".filter");
        } else if (c instanceof Condition.LastEventAgo l) {
            filter(types, l.filter(), path + ".filter");
        } else if (c instanceof Condition.Sequence s) {
            filter(types, s.first(), path + ".first");
            filter(types, s.thenNo(), path + ".thenNo");
        } else if (c instanceof Condition.InSegment s) {
            Integer target = index.get(s.segment());
            if (target == null) {
                throw new SegmentDefinitionException(path + ".segment", "unknown segment \"" + s.segment() + "\"", null);
            }
            out.add(new Ref(target, s.segment(), path + ".segment"));
        } else if (c instanceof Condition.RfmCell r) {
            if (rfm.cell(r.cell()) == null) {
                throw new SegmentDefinitionException(path + ".cell", "unknown RFM cell \"" + r.cell() + "\"", null);
            }
        }
    }

    private static void filter(Set<String> types, EventFilter f, String path) {
        if (f.type() != null && !types.contains(f.type())) {
            throw new SegmentDefinitionException(path + ".type", "unknown event type \"" + f.type()
                    + "\" (declare it in eventTypes)", null);
        }
    }
}
