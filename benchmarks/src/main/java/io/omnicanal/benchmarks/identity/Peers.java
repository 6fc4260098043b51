package io.omnicanal.benchmarks.identity;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import org.jgrapht.alg.util.UnionFind;

/** The union-finds a user would reach for instead of the identity graph. */
final class Peers {

    private Peers() {
    }

    /** JGraphT's union-find with the membership test its protected parent map allows. */
    static final class JGraphTUnionFind extends UnionFind<String> {
        JGraphTUnionFind() {
            super(new HashSet<>());
        }

        boolean contains(String s) {
            return getParentMap().containsKey(s);
        }

        /** Adds the event's identifiers and unions them. */
        void link(String[] ids) {
            String first = ids[0];
            if (!contains(first)) {
                addElement(first);
            }
            for (int i = 1; i < ids.length; i++) {
                String x = ids[i];
                if (!contains(x)) {
                    addElement(x);
                }
                union(first, x);
            }
        }
    }

    /** A plain {@code HashMap<String, String>} union-find with path compression, as a user would write it. */
    static final class MapUnionFind {
        final Map<String, String> parent = new HashMap<>();

        String find(String x) {
            String root = x;
            String p;
            while (!(p = parent.get(root)).equals(root)) {
                root = p;
            }
            while (!x.equals(root)) {
                String next = parent.get(x);
                parent.put(x, root);
                x = next;
            }
            return root;
        }

        /** Adds the event's identifiers and unions them. */
        void link(String[] ids) {
            for (String id : ids) {
                parent.putIfAbsent(id, id);
            }
            String a = find(ids[0]);
            for (int i = 1; i < ids.length; i++) {
                String b = find(ids[i]);
                if (!a.equals(b)) {
                    parent.put(b, a);
                }
            }
        }
    }
}
