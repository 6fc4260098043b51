package io.omnicanal.attribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.omnicanal.attribution.PathBuilderTest.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Last non-direct touch over campaign or device skips the steps made by a touch of the direct
 * channel, as it does over channel (review 7, finding 3): the table keeps each step's own direct
 * flag. Expected credits are worked out by hand.
 */
class LastNonDirectOverCampaignTest {
    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @TempDir
    Path dir;

    static Instant at(int hours) {
        return T0.plus(Duration.ofHours(hours));
    }

    /** Profile 1: email/spring, then a direct visit with no campaign; converts for 100. */
    static List<Touchpoint> reviewTouches() {
        return List.of(new Touchpoint(1, at(0), "email", "spring", "mobile", "", 0),
                new Touchpoint(1, at(1), "direct", "(direct)", "desktop", "", 0));
    }

    static List<Conversion> reviewConversions() {
        return List.of(new Conversion(1, at(2), 100, "order"));
    }

    @Test
    void reviewExampleOverCampaignCreditsTheCampaignBeforeTheDirectVisit() {
        PathBuilder builder = new PathBuilder(PathSettings.builder().dimensions(Dimension.CAMPAIGN).build());
        PathTable t = builder.build(reviewTouches(), reviewConversions());
        assertThat(rows(t)).containsExactly("|spring>(direct)|1.0|100.0|0.0");
        assertThat(t.isDirectStep(0, 0)).isFalse();
        assertThat(t.isDirectStep(0, 1)).isTrue();
        Credits lnd = AttributionModel.lastNonDirectTouch().attribute(t);
        assertThat(lnd.conversions("spring")).isEqualTo(1.0);
        assertThat(lnd.value("spring")).isEqualTo(100.0);
        assertThat(lnd.value("(direct)")).isZero();
        assertThat(AttributionModel.lastTouch().attribute(t).value("(direct)")).isEqualTo(100.0);
        assertThat(builder.attribute(AttributionModel.lastNonDirectTouch(), TouchColumns.of(reviewTouches()),
                reviewConversions())).isEqualTo(lnd);
    }

    @Test
    void overDeviceTooAndAnAllDirectPathKeepsItsLastStep() {
        List<Touchpoint> touches = new ArrayList<>(reviewTouches());
        touches.add(new Touchpoint(2, at(0), "direct", "", "tablet", "", 0));
        touches.add(new Touchpoint(2, at(1), "direct", "", "mobile", "", 0));
        List<Conversion> conversions = List.of(reviewConversions().get(0), new Conversion(2, at(3), 10, "order"));
        PathTable t = new PathBuilder(PathSettings.builder().dimensions(Dimension.DEVICE).build())
                .build(touches, conversions);
        Credits lnd = AttributionModel.lastNonDirectTouch().attribute(t);
        // profile 1: mobile (email) > desktop (direct): mobile; profile 2: all direct, so its last step
        assertThat(lnd.value("mobile")).isEqualTo(110.0);
        assertThat(lnd.value("desktop")).isZero();
        assertThat(lnd.value("tablet")).isZero();
    }

    @Test
    void theSameValueMadeByADirectAndANonDirectTouchIsTakenPerStep() {
        // over campaign "spring" comes from an email (profile 1) and from a direct visit (profile 2):
        // profile 2's path summer(social) > spring(direct) credits summer
        List<Touchpoint> touches = List.of(
                new Touchpoint(1, at(0), "social", "summer", "", "", 0),
                new Touchpoint(1, at(1), "email", "spring", "", "", 0),
                new Touchpoint(2, at(0), "social", "summer", "", "", 0),
                new Touchpoint(2, at(1), "direct", "spring", "", "", 0));
        List<Conversion> conversions = List.of(new Conversion(1, at(2), 7, "order"), new Conversion(2, at(2), 5, "order"));
        PathBuilder builder = new PathBuilder(PathSettings.builder().dimensions(Dimension.CAMPAIGN).build());
        for (int round = 0; round < 4; round++) {
            List<Touchpoint> input = new ArrayList<>(touches);
            Collections.shuffle(input, new Random(round));
            PathTable t = builder.build(input, conversions);
            Credits lnd = AttributionModel.lastNonDirectTouch().attribute(t);
            assertThat(lnd.value("spring")).isEqualTo(7.0);
            assertThat(lnd.value("summer")).isEqualTo(5.0);
            // aggregation keeps the two paths apart: same values, different direct steps
            PathTable agg = t.aggregate();
            assertThat(agg.size()).isEqualTo(2);
            assertThat(AttributionModel.lastNonDirectTouch().attribute(agg)).isEqualTo(lnd);
            // and so does a group's sub-table and a saved copy
            assertThat(AttributionModel.lastNonDirectTouch().attribute(t.onlyGroup(""))).isEqualTo(lnd);
        }
    }

    @Test
    void aSavedTableKeepsEachStepsDirectFlag() throws IOException {
        PathTable t = new PathBuilder(PathSettings.builder().dimensions(Dimension.CAMPAIGN).build())
                .build(reviewTouches(), reviewConversions(), k -> "g" + k);
        Path file = dir.resolve("campaign.bin");
        t.save(file);
        PathTable back = PathTable.load(file);
        assertThat(back.isDirectStep(0, 1)).isTrue();
        assertThat(AttributionModel.lastNonDirectTouch().attribute(back).value("spring")).isEqualTo(100.0);
    }

    @Test
    void aVersionOneFileStillLoadsAndLastNonDirectSaysItCannotTell() throws IOException {
        // written by the previous release (format 1, no per-step flags): PathBuilder over CAMPAIGN,
        // profile 1 email/spring > direct/summer converting for 100 (group a), profile 2
        // search/summer > social/spring converting for 40 (group b)
        Path file = dir.resolve("v1.bin");
        try (InputStream in = getClass().getResourceAsStream("pathtable-v1-campaign.octable")) {
            Files.write(file, in.readAllBytes());
        }
        PathTable old = PathTable.load(file);
        assertThat(rows(old)).containsExactly("a|spring>summer|1.0|100.0|0.0", "b|summer>spring|1.0|40.0|0.0");
        assertThat(old.age(0, 0)).isEqualTo(Duration.ofHours(2));
        assertThat(AttributionModel.lastTouch().attribute(old).value("summer")).isEqualTo(100.0);
        assertThatThrownBy(() -> AttributionModel.lastNonDirectTouch().attribute(old))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CAMPAIGN").hasMessageContaining("direct");
        // saved again, it is a version-2 file that still cannot tell, and says so the same way
        Path again = dir.resolve("v2.bin");
        old.save(again);
        assertThatThrownBy(() -> AttributionModel.lastNonDirectTouch().attribute(PathTable.load(again)))
                .hasMessageContaining("direct");
    }

    @Test
    void overChannelNothingChanges() {
        PathTable t = new PathBuilder(PathSettings.defaults()).build(reviewTouches(), reviewConversions());
        assertThat(rows(t)).containsExactly("|email>direct|1.0|100.0|0.0");
        assertThat(t.isDirectStep(0, 1)).isTrue();
        assertThat(AttributionModel.lastNonDirectTouch().attribute(t).value("email")).isEqualTo(100.0);
        PathTable built = PathTable.builder().add(List.of("email", "direct"), 1, 100, 0).build();
        assertThat(built.isDirectStep(0, 1)).isTrue();
        assertThat(AttributionModel.lastNonDirectTouch().attribute(built).value("email")).isEqualTo(100.0);
    }
}
