package io.omnicanal.attribution.internal;

import io.omnicanal.attribution.Dimension;
import io.omnicanal.attribution.ResultTable;
import io.omnicanal.attribution.Spend;
import io.omnicanal.attribution.Touchpoint;
import it.unimi.dsi.fastutil.longs.Long2IntMap;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.longs.LongArrays;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Spend per channel and campaign, in total and apportioned to cells of (group, device).
 *
 * <p>Design note. Spend is given per channel or campaign and period, not per group or device, so
 * it is apportioned by the touches that money bought: a spend row of amount {@code a} for key
 * {@code k} over {@code [from, to)} (intersected with the report window, the amount prorated to
 * the overlap as in the totals) goes to each cell in proportion to the cell's share of the touches
 * of {@code k} (channel or campaign) whose time lies in that interval: {@code a * n(cell) / n}. A
 * row whose interval holds no touch of its key goes whole to the {@link ResultTable#UNASSIGNED}
 * cell rather than being spread by some other period's touches. A touch's own cost goes to its
 * own cell. The shares of a row sum to one, so the cells of a level (every group, or every device
 * of a group) sum back to the total up to rounding (about 1e-15 relative with compensated sums).
 * Cost: the touches of keys that have spend rows are sorted by time once per key (radix sort on
 * epoch nanoseconds), and each spend row walks only the touches inside its interval, so
 * non-overlapping periods cost O(touches) in all. Not thread-safe.
 */
public final class SpendAllocation {
    /** A cell: a group ({@link ResultTable#ALL}, a group name, or "" ungrouped) and a device (or ALL). */
    public record Cell(String group, String device) {
    }

    private static final Dimension[] SPEND_DIMENSIONS = {Dimension.CHANNEL, Dimension.CAMPAIGN};

    private final Map<Dimension, Map<Cell, Map<String, KahanSum>>> amounts = new EnumMap<>(Dimension.class);
    private final String allGroup;
    private final boolean byGroup;
    private final boolean byDevice;
    private final NameTable groups = new NameTable();
    private final NameTable devices = new NameTable();

    /**
     * @param spend spend rows
     * @param costs touches whose cost counts as spend
     * @param from window start or null
     * @param to window end or null
     * @param touches the raw touches used to apportion spend, or null for totals only
     * @param grouping the group of each profile, or null for no group breakdown
     * @param byDevice whether to break down by device (needs touches)
     * @param allGroup the group name of the all-paths rows ({@link ResultTable#ALL} or "")
     */
    public SpendAllocation(List<Spend> spend, List<Touchpoint> costs, Instant from, Instant to,
                           Collection<Touchpoint> touches, LongFunction<String> grouping, boolean byDevice,
                           String allGroup) {
        this.allGroup = allGroup;
        this.byGroup = touches != null && grouping != null;
        this.byDevice = touches != null && byDevice;
        Cell total = new Cell(allGroup, ResultTable.ALL);
        boolean breakdown = this.byGroup || this.byDevice;
        Map<Dimension, Map<String, Timeline>> timelines = breakdown ? timelines(spend, touches, grouping)
                : Map.of();
        int unassignedGroup = this.byGroup ? groupId(ResultTable.UNASSIGNED) : -1;
        int unassignedDevice = this.byDevice ? deviceId(ResultTable.UNASSIGNED) : -1;
        long fromNanos = from == null ? Long.MIN_VALUE : saturatedNanos(from);
        long toNanos = to == null ? Long.MAX_VALUE : saturatedNanos(to);
        int[] groupCount = new int[groups.size()];
        int[] deviceCount = new int[devices.size()];
        Long2IntOpenHashMap cellCount = new Long2IntOpenHashMap();
        for (Spend s : spend) {
            double amount = s.amount();
            if (from != null) {
                Instant a = s.from().isAfter(from) ? s.from() : from;
                Instant b = s.to().isBefore(to) ? s.to() : to;
                double overlap = b.isAfter(a) ? seconds(Duration.between(a, b)) : 0;
                amount = amount * overlap / seconds(Duration.between(s.from(), s.to()));
            }
            add(s.dimension(), total, s.key(), amount);
            if (!breakdown || amount == 0) {
                continue;
            }
            Timeline line = timelines.get(s.dimension()).get(s.key());
            long start = Math.max(saturatedNanos(s.from()), fromNanos);
            long end = Math.min(saturatedNanos(s.to()), toNanos);
            int lo = line == null ? 0 : line.firstAtOrAfter(start);
            int hi = line == null ? 0 : line.firstAtOrAfter(end);
            if (hi <= lo) {
                addToCell(s.dimension(), s.key(), unassignedGroup, unassignedDevice, amount);
                continue;
            }
            java.util.Arrays.fill(groupCount, 0);
            java.util.Arrays.fill(deviceCount, 0);
            cellCount.clear();
            for (int i = lo; i < hi; i++) {
                int g = line.group(i);
                int d = line.device(i);
                if (byGroup) {
                    groupCount[g]++;
                }
                if (this.byDevice) {
                    deviceCount[d]++;
                }
                if (byGroup && this.byDevice) {
                    cellCount.addTo(((long) g << 32) | d, 1);
                }
            }
            double n = hi - lo;
            for (int g = 0; g < groupCount.length; g++) {
                if (groupCount[g] > 0) {
                    add(s.dimension(), new Cell(groups.name(g), ResultTable.ALL), s.key(), amount * groupCount[g] / n);
                }
            }
            for (int d = 0; d < deviceCount.length; d++) {
                if (deviceCount[d] > 0) {
                    add(s.dimension(), new Cell(allGroup, devices.name(d)), s.key(), amount * deviceCount[d] / n);
                }
            }
            for (Long2IntMap.Entry e : cellCount.long2IntEntrySet()) {
                long gd = e.getLongKey();
                add(s.dimension(), new Cell(groups.name((int) (gd >>> 32)), devices.name((int) gd)), s.key(),
                        amount * e.getIntValue() / n);
            }
        }
        Long2IntOpenHashMap profileGroups = new Long2IntOpenHashMap();
        profileGroups.defaultReturnValue(-1);
        for (Touchpoint t : costs) {
            if (t.cost() == 0 || (from != null && (t.time().isBefore(from) || !t.time().isBefore(to)))) {
                continue;
            }
            int g = byGroup ? groupIdOf(profileGroups, grouping, t.profile()) : -1;
            int d = this.byDevice ? deviceId(t.device()) : -1;
            for (Dimension dim : SPEND_DIMENSIONS) {
                String key = dim == Dimension.CHANNEL ? t.channel() : t.campaign();
                if (key.isEmpty()) {
                    continue;
                }
                add(dim, total, key, t.cost());
                if (breakdown) {
                    addToCell(dim, key, g, d, t.cost());
                }
            }
        }
    }

    /** Adds to every breakdown cell a touch in group {@code g} on device {@code d} belongs to. */
    private void addToCell(Dimension dim, String key, int g, int d, double amount) {
        if (byGroup) {
            add(dim, new Cell(groups.name(g), ResultTable.ALL), key, amount);
        }
        if (byDevice) {
            add(dim, new Cell(allGroup, devices.name(d)), key, amount);
        }
        if (byGroup && byDevice) {
            add(dim, new Cell(groups.name(g), devices.name(d)), key, amount);
        }
    }

    /** The touches of every key that has spend rows, sorted by time, with their group and device ids. */
    private Map<Dimension, Map<String, Timeline>> timelines(List<Spend> spend, Collection<Touchpoint> touches,
                                                           LongFunction<String> grouping) {
        Map<Dimension, Map<String, TimelineBuilder>> builders = new EnumMap<>(Dimension.class);
        for (Dimension dim : SPEND_DIMENSIONS) {
            builders.put(dim, new HashMap<>());
        }
        for (Spend s : spend) {
            builders.get(s.dimension()).computeIfAbsent(s.key(), k -> new TimelineBuilder());
        }
        Long2IntOpenHashMap profileGroups = new Long2IntOpenHashMap();
        profileGroups.defaultReturnValue(-1);
        int index = 0;
        for (Touchpoint t : touches) {
            Objects.requireNonNull(t, "touchpoints[" + index + "]");
            long time = PathConstruction.nanos(t.time(), "touchpoints", index);
            index++;
            TimelineBuilder byChannel = builders.get(Dimension.CHANNEL).get(t.channel());
            TimelineBuilder byCampaign = builders.get(Dimension.CAMPAIGN).get(t.campaign());
            if (byChannel == null && byCampaign == null) {
                continue;
            }
            int g = byGroup ? groupIdOf(profileGroups, grouping, t.profile()) : 0;
            int d = byDevice ? deviceId(t.device()) : 0;
            long cell = ((long) g << 32) | d;
            if (byChannel != null) {
                byChannel.add(time, cell);
            }
            if (byCampaign != null) {
                byCampaign.add(time, cell);
            }
        }
        Map<Dimension, Map<String, Timeline>> out = new EnumMap<>(Dimension.class);
        builders.forEach((dim, m) -> {
            Map<String, Timeline> lines = new HashMap<>();
            m.forEach((key, b) -> lines.put(key, b.build()));
            out.put(dim, lines);
        });
        return out;
    }

    /** The group id of a profile, calling the grouping once per profile. */
    private int groupIdOf(Long2IntOpenHashMap cache, LongFunction<String> grouping, long profile) {
        int g = cache.get(profile);
        if (g < 0) {
            g = groupId(Objects.requireNonNull(grouping.apply(profile), "group of profile " + profile));
            cache.put(profile, g);
        }
        return g;
    }

    private int groupId(String name) {
        return groups.id(name);
    }

    private int deviceId(String name) {
        return devices.id(name);
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    /** Epoch nanoseconds, saturated at the ends of the long range (spend periods may reach far). */
    private static long saturatedNanos(Instant t) {
        if (t.getEpochSecond() >= Long.MAX_VALUE / 1_000_000_000L) {
            return Long.MAX_VALUE;
        }
        if (t.getEpochSecond() <= Long.MIN_VALUE / 1_000_000_000L) {
            return Long.MIN_VALUE;
        }
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private void add(Dimension d, Cell cell, String key, double amount) {
        amounts.computeIfAbsent(d, k -> new HashMap<>()).computeIfAbsent(cell, k -> new HashMap<>())
                .computeIfAbsent(key, k -> new KahanSum()).add(amount);
    }

    /** @return whether rows per group are produced */
    public boolean byGroup() {
        return byGroup;
    }

    /** @return whether rows per device are produced */
    public boolean byDevice() {
        return byDevice;
    }

    /** @return every cell with spend in this dimension */
    public Set<Cell> cells(Dimension d) {
        return amounts.getOrDefault(d, Map.of()).keySet();
    }

    /** @return keys with spend in a cell */
    public Set<String> keys(Dimension d, Cell cell) {
        return amounts.getOrDefault(d, Map.of()).getOrDefault(cell, Map.of()).keySet();
    }

    /** @return the spend of a key in a cell, 0 when none */
    public double amount(Dimension d, Cell cell, String key) {
        KahanSum s = amounts.getOrDefault(d, Map.of()).getOrDefault(cell, Map.of()).get(key);
        return s == null ? 0 : s.sum();
    }

    /** Touch times of one key with the packed (group, device) ids, appended then sorted by time. */
    private static final class TimelineBuilder {
        private final LongArrayList times = new LongArrayList();
        private final LongArrayList cells = new LongArrayList();

        void add(long time, long cell) {
            times.add(time);
            cells.add(cell);
        }

        Timeline build() {
            long[] t = times.toLongArray();
            long[] c = cells.toLongArray();
            LongArrays.radixSort(t, c);
            return new Timeline(t, c);
        }
    }

    private record Timeline(long[] times, long[] cells) {
        int firstAtOrAfter(long time) {
            int lo = 0;
            int hi = times.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (times[mid] < time) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        int group(int i) {
            return (int) (cells[i] >>> 32);
        }

        int device(int i) {
            return (int) cells[i];
        }
    }
}
