package io.omnicanal.journeys.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cached-offset arithmetic of {@link ZoneOffsets} against {@link ZonedDateTime} (the JDK's resolution of local
 * times, gaps and overlaps included), in zones with DST, half-hour DST, a skipped day and no DST, on instants
 * that cluster around transitions as well as anywhere in 1970-2100.
 */
class ZoneOffsetsProperties {
    static final List<ZoneId> ZONES = List.of(ZoneId.of("Europe/Paris"), ZoneId.of("America/New_York"),
            ZoneId.of("Australia/Lord_Howe"), ZoneId.of("Pacific/Apia"), ZoneId.of("Asia/Kathmandu"), ZoneId.of("UTC"),
            ZoneId.of("America/Sao_Paulo"));

    /**
     * A walk through time in one zone: each step moves forward by a few minutes to a few days (so that the
     * cached offset is reused, refreshed and crossed by transitions), and the next time of day must be the one
     * ZonedDateTime gives, as must the second of day.
     */
    @Property(tries = 300)
    void nextTimeOfDayAgreesWithZonedDateTime(@ForAll @IntRange(min = 0, max = 6) int zoneIndex,
                                              @ForAll @LongRange(min = 0, max = 4_102_444_800_000L) long start,
                                              @ForAll @IntRange(min = 0, max = 86_399) int secondOfDay,
                                              @ForAll @LongRange(min = 1, max = 200_000_000L) long step) {
        ZoneId zone = ZONES.get(zoneIndex);
        ZoneOffsets zones = new ZoneOffsets(ZoneId.of("UTC"));
        int z = zones.intern(zone);
        long t = start;
        for (int k = 0; k < 60; k++) {
            long expected = ZoneOffsets.nextTimeOfDay(zone, t, secondOfDay);
            assertThat(zones.nextTimeOfDay(z, t, secondOfDay)).as("%s at %s, second %d", zone, Instant.ofEpochMilli(t), secondOfDay)
                    .isEqualTo(expected);
            assertThat(expected).isGreaterThan(t);
            assertThat(zones.secondOfDay(z, t)).isEqualTo(Instant.ofEpochMilli(t).atZone(zone).toLocalTime().toSecondOfDay());
            t += step * (1 + k % 5);
        }
    }

    /** Every local time around each DST transition of 2026 in the zones, minute by minute. */
    @Property(tries = 40)
    void aroundTransitions(@ForAll @IntRange(min = 0, max = 6) int zoneIndex, @ForAll @IntRange(min = 0, max = 86_399) int secondOfDay) {
        ZoneId zone = ZONES.get(zoneIndex);
        ZoneOffsets zones = new ZoneOffsets(zone);
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        var transition = zone.getRules().nextTransition(from);
        for (int n = 0; n < 2 && transition != null; n++) {
            long at = transition.getInstant().toEpochMilli();
            for (long t = at - 26 * 3_600_000L; t <= at + 26 * 3_600_000L; t += 60_000L + 7) {
                assertThat(zones.nextTimeOfDay(0, t, secondOfDay)).as("%s at %s, second %d", zone, Instant.ofEpochMilli(t), secondOfDay)
                        .isEqualTo(ZoneOffsets.nextTimeOfDay(zone, t, secondOfDay));
            }
            transition = zone.getRules().nextTransition(transition.getInstant());
        }
    }
}
