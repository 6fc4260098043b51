package io.omnicanal.examples;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The highest heap occupancy right after a garbage collection, over a run: what the run really
 * kept alive at its fullest (plus whatever old garbage that collection did not reach), unlike
 * the pools' peaks, which add up maxima reached at different times. Collector notifications are
 * delivered on a JMX thread; the figure is read at the end of the run.
 */
final class HeapWatch {
    private static long peakAfterGc;
    private static final Map<String, Long> STAGE_PEAKS = new LinkedHashMap<>();
    private static String stage;
    private static boolean started;

    private HeapWatch() {}

    /** Starts listening to the collectors (idempotent). */
    static synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        Set<String> heapPools = new HashSet<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((n, handback) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                            (CompositeData) n.getUserData());
                    long used = 0;
                    // The map has the non-heap pools too (metaspace, code cache): left out.
                    for (Map.Entry<String, MemoryUsage> u : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (heapPools.contains(u.getKey())) {
                            used += u.getValue().getUsed();
                        }
                    }
                    record(used);
                }, null, null);
            }
        }
    }

    private static synchronized void record(long used) {
        peakAfterGc = Math.max(peakAfterGc, used);
        if (stage != null) {
            STAGE_PEAKS.merge(stage, used, Math::max);
        }
    }

    /** Later collections count towards stage {@code name} (until the next call). */
    static synchronized void stage(String name) {
        stage = name;
        STAGE_PEAKS.putIfAbsent(name, 0L);
    }

    /** The highest occupancy after a collection so far, in bytes (0 if none ran). */
    static synchronized long peakAfterGc() {
        return peakAfterGc;
    }

    /** The highest occupancy after a collection per stage, in stage order, in bytes. */
    static synchronized Map<String, Long> stagePeaks() {
        return new LinkedHashMap<>(STAGE_PEAKS);
    }
}
