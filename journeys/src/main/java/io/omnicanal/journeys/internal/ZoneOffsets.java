package io.omnicanal.journeys.internal;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Interned time zones with a cached UTC offset per zone, valid between two transitions, so that the local
 * time of day of an instant costs no allocation in the steady state. Zone 0 is the brand's zone.
 * Not thread-safe.
 */
public final class ZoneOffsets {
    private final List<ZoneId> zones = new ArrayList<>();
    private long[] validFrom = new long[4];
    private long[] validTo = new long[4];
    private int[] offsetSeconds = new int[4];

    /** Creates the table with the brand zone as zone 0. */
    public ZoneOffsets(ZoneId brand) {
        intern(brand);
    }

    /** The index of {@code zone}, interning it when new. */
    public int intern(ZoneId zone) {
        int i = zones.indexOf(zone);
        if (i >= 0) {
            return i;
        }
        zones.add(zone);
        int n = zones.size();
        if (n > validFrom.length) {
            validFrom = Arrays.copyOf(validFrom, n * 2);
            validTo = Arrays.copyOf(validTo, n * 2);
            offsetSeconds = Arrays.copyOf(offsetSeconds, n * 2);
        }
        validFrom[n - 1] = Long.MAX_VALUE;
        validTo[n - 1] = Long.MIN_VALUE;
        return n - 1;
    }

    /** The zone with this index. */
    public ZoneId zone(int index) {
        return zones.get(index);
    }

    /** Number of zones. */
    public int size() {
        return zones.size();
    }

    /** Seconds since local midnight of the instant {@code epochMillis} in zone {@code index}. */
    public int secondOfDay(int index, long epochMillis) {
        if (epochMillis < validFrom[index] || epochMillis >= validTo[index]) {
            refresh(index, epochMillis);
        }
        long local = Math.floorDiv(epochMillis, 1000L) + offsetSeconds[index];
        return (int) Math.floorMod(local, 86_400L);
    }

    private static final long DAY_MILLIS = 86_400_000L;

    /**
     * The first instant strictly after {@code epochMillis} at which the local time in zone {@code index} is
     * {@code secondOfDay} (seconds after midnight, 0 to 86,399), in epoch milliseconds: today's occurrence if it
     * is still ahead, else tomorrow's, resolved as {@link ZonedDateTime#with} resolves a local time (the current
     * offset of the step before when it is valid there; a time in a gap moves forward by the gap). Allocates
     * nothing when no offset transition lies within two days of {@code epochMillis}; otherwise it asks
     * {@link ZonedDateTime}.
     */
    public long nextTimeOfDay(int index, long epochMillis, int secondOfDay) {
        if (epochMillis < validFrom[index] || epochMillis >= validTo[index]) {
            refresh(index, epochMillis);
        }
        long offset = offsetSeconds[index] * 1000L;
        long local = epochMillis + offset;
        long target = Math.floorDiv(local, DAY_MILLIS) * DAY_MILLIS + secondOfDay * 1000L;
        if (target <= local) {
            target += DAY_MILLIS;
        }
        // ZonedDateTime resolves today's candidate, and tomorrow's through plusDays(1), each with the offset of
        // the step before: with no transition within two days either side every step has the cached offset
        if (epochMillis - 2 * DAY_MILLIS > validFrom[index] && epochMillis + 2 * DAY_MILLIS < validTo[index]) {
            return target - offset;
        }
        return nextTimeOfDay(zones.get(index), epochMillis, secondOfDay);
    }

    /** {@link #nextTimeOfDay(int, long, int)} through {@link ZonedDateTime}: the definition, and the oracle in tests. */
    static long nextTimeOfDay(ZoneId zone, long epochMillis, int secondOfDay) {
        ZonedDateTime here = Instant.ofEpochMilli(epochMillis).atZone(zone);
        ZonedDateTime at = here.with(LocalTime.ofSecondOfDay(secondOfDay));
        if (!at.isAfter(here)) {
            at = here.plusDays(1).with(LocalTime.ofSecondOfDay(secondOfDay));
        }
        return at.toInstant().toEpochMilli();
    }

    private void refresh(int index, long epochMillis) {
        ZoneRules rules = zones.get(index).getRules();
        Instant at = Instant.ofEpochMilli(epochMillis);
        offsetSeconds[index] = rules.getOffset(at).getTotalSeconds();
        ZoneOffsetTransition prev = rules.previousTransition(at.plusMillis(1));
        ZoneOffsetTransition next = rules.nextTransition(at);
        validFrom[index] = prev == null ? Long.MIN_VALUE : prev.getInstant().toEpochMilli();
        validTo[index] = next == null ? Long.MAX_VALUE : next.getInstant().toEpochMilli();
    }
}
