package io.omnicanal.attribution.internal;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Dense ids for strings, in first-seen order: {@link #id} gives a name its id (a new one the first
 * time), {@link #name} gives it back. Not thread-safe.
 */
public final class NameTable {
    private final Object2IntOpenHashMap<String> ids = new Object2IntOpenHashMap<>();
    private final List<String> names = new ArrayList<>();

    public NameTable() {
        ids.defaultReturnValue(-1);
    }

    /** The id of {@code name}, assigning the next one if it is new. */
    public int id(String name) {
        int id = ids.getInt(name);
        if (id < 0) {
            id = names.size();
            ids.put(name, id);
            names.add(name);
        }
        return id;
    }

    /** The name of an id from {@link #id}. */
    public String name(int id) {
        return names.get(id);
    }

    /** The names in id order, as an unmodifiable copy. */
    public List<String> names() {
        return List.copyOf(names);
    }

    /** The number of names. */
    public int size() {
        return names.size();
    }
}
