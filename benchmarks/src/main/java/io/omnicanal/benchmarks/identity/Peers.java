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

    /**
     * Not a peer a user would write, and not a usable identity structure: a <em>floor</em>, the least work
     * any union-find over string identifiers must do on this input, to put the throughput target in
     * proportion. Each value is hashed once (64 bits, two lanes of characters so that the multiply chain is
     * half as long), looked up in an open-addressing table of those hashes (linear probing, load at most
     * three quarters, doubling; the node arrays grow by half) and unioned in two {@code int} arrays (size, path halving).
     *
     * <p>With {@code exact} false the 64-bit hash <em>is</em> the identity: two values with the same hash
     * would be merged silently, nothing of the value is kept (no profile could list its identifiers), and
     * there is no type, validation, normalisation check, block list, rule, sighting time, canonical id or
     * link log. With {@code exact} true it copies each new value's characters into one byte arena (the values
     * here are ASCII; anything else is refused) and compares them on a hash match, the least a structure must
     * add to be correct and to list a profile's identifiers; still none of the rest. The identity graph does all of
     * it, so its ingest cannot be faster than this.
     */
    static final class FloorUnionFind {
        private final boolean exact;
        private long[] keys = new long[1 << 4];
        private int[] nodeOf = new int[1 << 4];
        private int[] offsetOf;
        private byte[] arena;
        private int arenaLen;
        private int[] parent = new int[1 << 4];
        private int[] size = new int[1 << 4];
        private int nodes;
        private int sets;

        FloorUnionFind(boolean exact) {
            this.exact = exact;
            this.offsetOf = exact ? new int[(1 << 4) + 1] : null;
            this.arena = exact ? new byte[1 << 10] : null;
        }

        static long hash(String v) {
            long a = 0x9E3779B97F4A7C15L;
            long b = 0xC2B2AE3D27D4EB4FL;
            int n = v.length();
            int i = 0;
            for (; i + 1 < n; i += 2) {
                a = (a ^ v.charAt(i)) * 0x100000001B3L;
                b = (b ^ v.charAt(i + 1)) * 0x100000001B3L;
            }
            if (i < n) {
                a = (a ^ v.charAt(i)) * 0x100000001B3L;
            }
            long h = a ^ Long.rotateLeft(b, 31) ^ n;
            h ^= h >>> 33;
            h *= 0xFF51AFD7ED558CCDL;
            h ^= h >>> 33;
            return h == 0 ? 1 : h;
        }

        /** @return the node of {@code v}, added if new */
        int node(String v) {
            long k = hash(v);
            int mask = keys.length - 1;
            int s = (int) k & mask;
            while (true) {
                long kk = keys[s];
                if (kk == 0) {
                    return add(s, k, v);
                }
                if (kk == k && (!exact || sameValue(nodeOf[s], v))) {
                    return nodeOf[s];
                }
                s = (s + 1) & mask;
            }
        }

        private boolean sameValue(int n, String v) {
            int off = offsetOf[n];
            int len = offsetOf[n + 1] - off;
            if (len != v.length()) {
                return false;
            }
            for (int i = 0; i < len; i++) {
                if (arena[off + i] != v.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private int add(int s, long k, String v) {
            int n = nodes++;
            keys[s] = k;
            nodeOf[s] = n;
            if (n == parent.length) {
                int cap = n + (n >> 1);
                parent = java.util.Arrays.copyOf(parent, cap);
                size = java.util.Arrays.copyOf(size, cap);
                if (exact) {
                    offsetOf = java.util.Arrays.copyOf(offsetOf, cap + 1);
                }
            }
            parent[n] = n;
            size[n] = 1;
            if (exact) {
                int len = v.length();
                if (arenaLen + len > arena.length) {
                    arena = java.util.Arrays.copyOf(arena, Math.max(arenaLen + len, arena.length + (arena.length >> 1)));
                }
                for (int i = 0; i < len; i++) {
                    char c = v.charAt(i);
                    if (c > 0x7F) {
                        throw new IllegalArgumentException("the floor takes ASCII values only, had " + v);
                    }
                    arena[arenaLen + i] = (byte) c;
                }
                arenaLen += len;
                offsetOf[n + 1] = arenaLen;
            }
            sets++;
            if (4L * nodes > 3L * keys.length) {
                grow();
            }
            return n;
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldNodes = nodeOf;
            keys = new long[oldKeys.length * 2];
            nodeOf = new int[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != 0) {
                    int s = (int) oldKeys[i] & mask;
                    while (keys[s] != 0) {
                        s = (s + 1) & mask;
                    }
                    keys[s] = oldKeys[i];
                    nodeOf[s] = oldNodes[i];
                }
            }
        }

        int find(int n) {
            while (parent[n] != n) {
                parent[n] = parent[parent[n]];
                n = parent[n];
            }
            return n;
        }

        /** @return the root of {@code v}'s set; {@code v} must have been linked */
        int find(String v) {
            return find(node(v));
        }

        int numberOfSets() {
            return sets;
        }

        /** Adds the event's identifiers and unions them. */
        void link(String[] ids) {
            int a = find(node(ids[0]));
            for (int i = 1; i < ids.length; i++) {
                int b = find(node(ids[i]));
                if (a != b) {
                    if (size[a] < size[b]) {
                        int t = a;
                        a = b;
                        b = t;
                    }
                    parent[b] = a;
                    size[a] += size[b];
                    sets--;
                }
            }
        }
    }
}
