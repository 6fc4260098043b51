package io.omnicanal.journeys;

import org.junit.jupiter.api.Test;

import java.time.Instant;
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
}
