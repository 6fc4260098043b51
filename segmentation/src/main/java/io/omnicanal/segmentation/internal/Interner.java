package io.omnicanal.segmentation.internal;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.List;

/** Dense ids for strings, handed out in first-seen order. Not thread-safe. */
public final class Interner {
    private final Object2IntOpenHashMap<String> ids = new Object2IntOpenHashMap<>();
    private final List<String> names = new ArrayList<>();

    /** An empty interner. */
    public Interner() {
        ids.defaultReturnValue(-1);
    }

    /** The id of {@code s}, assigning the next one if new. */
    public int intern(String s) {
        int id = ids.getInt(s);
        if (id < 0) {
            id = names.size();
            ids.put(s, id);
            names.add(s);
        }
        return id;
    }

    /** The id of {@code s}, or -1 if never interned. */
    public int id(String s) {
        return s == null ? -1 : ids.getInt(s);
    }

    /** The string of {@code id}. */
    public String name(int id) {
        return names.get(id);
    }

    /** How many strings are interned. */
    public int size() {
        return names.size();
    }
}
