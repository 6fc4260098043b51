package io.omnicanal.journeys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.LocalTime;
import java.time.MonthDay;

import static org.assertj.core.api.Assertions.assertThat;

/** Anniversary (date) entries across redeploys, zone changes and merges. */
class DateEntryTest {
    static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");

    static Journey birthday(int version, LocalTime at) {
        return Journey.builder("bday").version(version).entry(new Trigger.OnDate("birthday", at)).reEntry(ReEntry.always())
                .step(new Step.Send("s", "happy_birthday", null, Delivery.marketing(Channel.EMAIL), null)).build();
    }

    @Test
    void aBirthdayJourneyRedeployedAsAnEventJourneyNoLongerEntersOnBirthdays() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().start(JAN).build();
        e.deploy(birthday(1, LocalTime.of(9, 0)));
        Recorder.reachable(e, 1, Channel.EMAIL);
        e.setDate(1, "birthday", MonthDay.of(3, 10));
        e.deploy(Journey.builder("bday").version(2).entry(Trigger.event("newsletter_signup"))
                .step(new Step.Send("s", "welcome_to_club", null, Delivery.marketing(Channel.EMAIL), null)).build());
        e.advanceTo(Instant.parse("2026-04-01T00:00:00Z"));
        assertThat(r.log).noneMatch(l -> l.startsWith("enter"));
        assertThat(r.delivered).isEmpty();
        // the event entry works, and deploying a date version again schedules the birthday again
        e.onEvent(JourneyEvent.of(1, "newsletter_signup", Instant.parse("2026-04-01T10:00:00Z")));
        e.deploy(birthday(3, LocalTime.of(9, 0)));
        e.advanceTo(Instant.parse("2027-03-11T00:00:00Z"));
        assertThat(r.delivered).extracting(Action::message, Action::time).containsExactly(
                org.assertj.core.groups.Tuple.tuple("welcome_to_club", Instant.parse("2026-04-01T10:00:00Z")),
                org.assertj.core.groups.Tuple.tuple("happy_birthday", Instant.parse("2027-03-10T09:00:00Z")));
    }

    static final Instant JUNE_10_NOON = Instant.parse("2026-06-10T12:00:00Z");

    /** An engine with the birthday journey at 09:00 and profile 1 born on 10 June, in Paris. */
    static JourneyEngine parisBirthday(Recorder r) {
        JourneyEngine e = r.engine().start(JAN).duplicateWindow(java.time.Duration.ZERO).build();
        e.deploy(birthday(1, LocalTime.of(9, 0)));
        Recorder.reachable(e, 1, Channel.EMAIL);
        e.setTimeZone(1, ZoneId.of("Europe/Paris"));
        e.setDate(1, "birthday", MonthDay.of(6, 10));
        e.advanceTo(JUNE_10_NOON);
        // 09:00 in Paris (summer time) is 07:00 UTC
        assertThat(r.delivered).extracting(Action::time).containsExactly(Instant.parse("2026-06-10T07:00:00Z"));
        return e;
    }

    @Test
    void aZoneChangeAfterTheBirthdayFiredDoesNotFireItAgainThatYear() {
        Recorder r = new Recorder();
        JourneyEngine e = parisBirthday(r);
        e.setTimeZone(1, ZoneId.of("America/Los_Angeles")); // 05:00 there: 09:00 is still ahead today
        e.advanceTo(Instant.parse("2027-06-11T00:00:00Z"));
        // 2027-06-10 09:00 in Los Angeles (summer time) is 16:00 UTC
        assertThat(r.delivered).extracting(Action::time)
                .containsExactly(Instant.parse("2026-06-10T07:00:00Z"), Instant.parse("2027-06-10T16:00:00Z"));
    }

    @Test
    void aRedeployWithALaterTimeOfDayDoesNotFireTheSameBirthdayAgain() {
        Recorder r = new Recorder();
        JourneyEngine e = parisBirthday(r);
        e.deploy(birthday(2, LocalTime.of(18, 0)));
        e.advanceTo(Instant.parse("2026-06-12T00:00:00Z"));
        assertThat(r.delivered).hasSize(1);
    }

    @Test
    void aMergeBringingAnotherZoneDoesNotFireTheWinnersBirthdayAgain(@TempDir Path dir) throws IOException {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().start(JAN).duplicateWindow(java.time.Duration.ZERO).build();
        e.deploy(birthday(1, LocalTime.of(9, 0)));
        Recorder.reachable(e, 1, Channel.EMAIL);
        e.setDate(1, "birthday", MonthDay.of(6, 10)); // the brand zone, UTC: fires at 09:00 UTC
        e.advanceTo(JUNE_10_NOON);
        assertThat(r.delivered).hasSize(1);
        // the fired year survives a snapshot
        Path file = dir.resolve("snap");
        e.snapshot(file);
        Recorder r2 = new Recorder();
        JourneyEngine back = r2.engine().start(JAN).duplicateWindow(java.time.Duration.ZERO).build();
        back.restore(file);
        back.setTimeZone(2, ZoneId.of("America/Los_Angeles"));
        back.merge(2, 1, JUNE_10_NOON.plusSeconds(60)); // the winner has no zone of its own: it takes Los Angeles
        back.advanceTo(Instant.parse("2026-06-12T00:00:00Z"));
        assertThat(r2.delivered).isEmpty();
    }

    @Test
    void repeatedZoneAndDateUpdatesDoNotGrowTheState(@TempDir Path dir) throws IOException {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().start(JAN).build();
        e.deploy(birthday(1, LocalTime.of(9, 0)));
        e.setDate(1, "birthday", MonthDay.of(6, 1));
        e.setTimeZone(1, ZoneId.of("Europe/Paris"));
        Path file = dir.resolve("snap");
        e.snapshot(file);
        long once = java.nio.file.Files.size(file);
        for (int i = 0; i < 10_000; i++) {
            e.setTimeZone(1, ZoneId.of("Europe/Paris"));
            e.setDate(1, "birthday", MonthDay.of(6, 1));
        }
        e.snapshot(file);
        assertThat(java.nio.file.Files.size(file)).as("identical updates").isEqualTo(once);
        // switching back and forth leaves stale entries, compacted once they outnumber the live ones (at most
        // 2 x live + 64 entries of 16 bytes; 20,000 switches would write 320,000 bytes of them)
        for (int i = 0; i < 10_000; i++) {
            e.setTimeZone(1, ZoneId.of(i % 2 == 0 ? "America/Los_Angeles" : "Europe/Paris"));
        }
        e.snapshot(file);
        assertThat(java.nio.file.Files.size(file)).as("alternating updates").isLessThan(once + 66 * 16);
        // and the entry still fires once, at the last zone's time (Paris, summer time: 07:00 UTC)
        Recorder.reachable(e, 1, Channel.EMAIL);
        e.advanceTo(Instant.parse("2026-06-02T00:00:00Z"));
        assertThat(r.delivered).extracting(Action::time).containsExactly(Instant.parse("2026-06-01T07:00:00Z"));
    }
}
