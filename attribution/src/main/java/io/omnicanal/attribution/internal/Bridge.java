package io.omnicanal.attribution.internal;

import io.omnicanal.attribution.PathTable;

import java.util.function.Function;

/**
 * Lets internal code read a {@link PathTable}'s arrays without copying them and without putting an
 * internal type in the public API. {@code PathTable} registers the accessor in its static
 * initialiser.
 */
public final class Bridge {
    private static volatile Function<PathTable, PathData> pathAccess;
    private static volatile Function<PathData, PathTable> pathFactory;

    private Bridge() {
    }

    public static void register(Function<PathTable, PathData> access, Function<PathData, PathTable> factory) {
        pathAccess = access;
        pathFactory = factory;
    }

    public static PathData data(PathTable table) {
        return pathAccess.apply(table);
    }

    public static PathTable table(PathData data) {
        ensureLoaded();
        return pathFactory.apply(data);
    }

    private static void ensureLoaded() {
        if (pathFactory == null) {
            try {
                Class.forName(PathTable.class.getName(), true, PathTable.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
