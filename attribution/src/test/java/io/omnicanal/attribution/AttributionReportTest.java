package io.omnicanal.attribution;

import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import static io.omnicanal.attribution.PathBuilderTest.day;
import static io.omnicanal.attribution.PathBuilderTest.touch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AttributionReportTest {

    static List<Touchpoint> touches() {
        return List.of(
                new Touchpoint(1, day(1), "search", "spring", "mobile", "click", 2),
                new Touchpoint(1, day(2), "email", "newsletter", "desktop", "open", 0),
                new Touchpoint(2, day(1), "email", "newsletter", "mobile", "open", 0),
                new Touchpoint(3, day(1), "search", "spring", "desktop", "click", 2),
                new Touchpoint(4, day(3), "social", "", "mobile", "impression", 0));
    }

    static List<Conversion> conversions() {
        return List.of(new Conversion(1, day(3), 100, "order"), new Conversion(2, day(2), 40, "order"),
                new Conversion(2, day(9), 60, "order"));
    }

    /**
     * A group or device named as the tables' roll-up rows ("(all)", "(unassigned)") would be
     * counted twice (once as itself, once in the roll-up): refused, naming where it came from.
     */
    @Test
    void groupAndDeviceNamesReservedForRollUpRowsAreRefused() {
        AttributionReport report = AttributionReport.builder().models(List.of(AttributionModel.linear())).build();
        PathTable paths = new PathBuilder(PathSettings.builder().build()).build(touches(), conversions());
        assertThatThrownBy(() -> report.run(paths, touches(), conversions(), p -> p == 2 ? "(all)" : "vip"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grouping of profile 2").hasMessageContaining("\"(all)\"");
        List<Touchpoint> reservedDevice = new java.util.ArrayList<>(touches());
        reservedDevice.set(3, new Touchpoint(3, day(1), "search", "spring", "(unassigned)", "click", 2));
        assertThatThrownBy(() -> report.run(paths, reservedDevice, conversions(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("touchpoints[3].device").hasMessageContaining("\"(unassigned)\"");
        PathTable overDevice = new PathBuilder(PathSettings.builder().dimensions(Dimension.CHANNEL, Dimension.DEVICE)
                .build()).build(reservedDevice, conversions());
        assertThatThrownBy(() -> report.run(overDevice))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("paths device").hasMessageContaining("\"(unassigned)\"");
        PathTable grouped = new PathBuilder(PathSettings.builder().build()).build(touches(), conversions(), p -> "(all)");
        assertThatThrownBy(() -> report.run(grouped))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("paths group");
        AttributionReport costly = AttributionReport.builder().models(List.of(AttributionModel.linear()))
                .touchpointCosts(reservedDevice).build();
        assertThatThrownBy(() -> costly.run(paths, touches(), conversions(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("touchpointCosts[3].device").hasMessageContaining("\"(unassigned)\"");
        // the same data under other names is accepted
        assertThat(report.run(paths, touches(), conversions(), p -> p == 2 ? "all" : "vip").quality()).isNotEmpty();
    }

    /**
     * A profile's later value is summed in ascending order of value, whatever order the conversions
     * come in: 1 + 1 + 1e16 is 1e16 + 2, while 1e16 + 1 + 1 would round to 1e16 at each step.
     */
    @Test
    void laterValueDoesNotDependOnTheOrderOfConversions() {
        List<Touchpoint> touches = List.of(touch(1, 1, "search"));
        List<Conversion> bigFirst = List.of(new Conversion(1, day(2), 1e16, "order"),
                new Conversion(1, day(3), 1, "order"), new Conversion(1, day(4), 1, "order"));
        List<Conversion> bigLast = List.of(bigFirst.get(2), bigFirst.get(1), bigFirst.get(0));
        AttributionReport report = AttributionReport.builder().models(List.of(AttributionModel.linear())).build();
        PathTable paths = new PathBuilder(PathSettings.builder().build()).build(touches, bigFirst);
        for (List<Conversion> conversions : List.of(bigFirst, bigLast)) {
            assertThat(report.run(paths, touches, conversions, null).quality())
                    .extracting(ResultTable.QualityRow::laterValue).containsExactly(1e16 + 2);
        }
    }

    @Test
    void creditsReturnsAndQualityByHand() {
        PathSettings settings = PathSettings.builder().dimensions(Dimension.CHANNEL, Dimension.CAMPAIGN).build();
        PathTable paths = new PathBuilder(settings).build(touches(), conversions());
        // paths: search|spring > email|newsletter -> 100; email|newsletter -> 40; (2's second order has no touch);
        // search|spring -> null; social| -> null
        AttributionReport report = AttributionReport.builder()
                .models(List.of(AttributionModel.lastTouch(), AttributionModel.linear()))
                .spend(List.of(new Spend(Dimension.CHANNEL, "email", Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2026-01-11T00:00:00Z"), 50)))
                .touchpointCosts(touches())
                .window(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-06T00:00:00Z"))
                .build();
        ResultTable result = report.run(paths, touches(), conversions(), null);
        assertThat(paths.unattributedValue()).isEqualTo(60);

        assertThat(result.credits()).extracting(r -> r.model() + " " + r.components() + " " + r.conversions() + " "
                + r.revenue()).containsExactly(
                "last_touch [email, newsletter] 2.0 140.0",
                "last_touch [search, spring] 0.0 0.0",
                "last_touch [social, ] 0.0 0.0",
                "linear [email, newsletter] 1.5 90.0",
                "linear [search, spring] 0.5 50.0",
                "linear [social, ] 0.0 0.0");
        // spend: email 50 over 10 days, half inside the window = 25; search: two touch costs of 2 = 4
        ResultTable.ReturnRow email = result.returns().stream()
                .filter(r -> r.model().equals("linear") && r.key().equals("email")).findFirst().orElseThrow();
        assertThat(email.spend()).isCloseTo(25, within(1e-12));
        assertThat(email.romi()).isCloseTo((90 - 25) / 25.0, within(1e-12));
        assertThat(email.roas()).isCloseTo(90 / 25.0, within(1e-12));
        assertThat(email.cpa()).isCloseTo(25 / 1.5, within(1e-12));
        ResultTable.ReturnRow spring = result.returns().stream()
                .filter(r -> r.model().equals("last_touch") && r.key().equals("spring")).findFirst().orElseThrow();
        assertThat(spring.spend()).isEqualTo(4);
        assertThat(spring.romi()).isEqualTo(-1);
        assertThat(spring.cpa()).isNaN();
        assertThat(result.returns()).extracting(r -> r.model() + " " + r.dimension().label() + " " + r.key())
                .containsExactly("last_touch channel email", "last_touch channel search", "last_touch channel social",
                        "last_touch campaign newsletter", "last_touch campaign spring",
                        "linear channel email", "linear channel search", "linear channel social",
                        "linear campaign newsletter", "linear campaign spring");
        // quality: first touch of 1 is search (value 100), of 2 email (40 + 60), of 3 search (0), of 4 social (0)
        // by first-touch device: 1 search on mobile, 2 email on mobile, 3 search on desktop, 4 social on mobile
        assertThat(result.quality()).extracting(q -> q.device() + " " + q.channel() + " " + q.profiles() + " "
                + q.averageLaterValue()).containsExactly("(all) email 1 100.0", "(all) search 2 50.0",
                "(all) social 1 0.0", "desktop search 1 0.0", "mobile email 1 100.0", "mobile search 1 100.0",
                "mobile social 1 0.0");
        assertThat(result.creditsBy(Dimension.CHANNEL)).extracting(r -> r.model() + " " + r.components())
                .startsWith("last_touch [email]");
    }

    @Test
    void groupsGetTheirOwnRowsAfterTheTotal() {
        PathTable paths = new PathBuilder(PathSettings.defaults()).build(touches(), conversions(),
                p -> p % 2 == 0 ? "even" : "odd");
        ResultTable result = AttributionReport.builder().model(AttributionModel.firstTouch()).build()
                .run(paths, touches(), conversions(), p -> p % 2 == 0 ? "even" : "odd");
        assertThat(result.credits()).extracting(r -> r.group() + " " + r.components().get(0) + " " + r.conversions())
                .containsExactly("(all) email 1.0", "(all) search 1.0", "(all) social 0.0",
                        "even email 1.0", "even search 0.0", "even social 0.0",
                        "odd email 0.0", "odd search 1.0", "odd social 0.0");
        assertThat(result.quality()).extracting(ResultTable.QualityRow::group).startsWith("(all)").contains("even", "odd");
    }

    @Test
    void csvAndJsonAreDeterministicAndLocaleFree() {
        PathTable paths = new PathBuilder(PathSettings.defaults()).build(touches(), conversions());
        AttributionReport report = AttributionReport.builder().model(AttributionModel.linear())
                .model(AttributionModel.markov(1)).build();
        StringWriter csv = new StringWriter();
        report.run(paths).writeCreditsCsv(csv);
        assertThat(csv.toString()).startsWith("model,group,channel,conversions,revenue\nlinear,,email,1.5,90.0\n");
        StringWriter again = new StringWriter();
        report.run(paths).writeCreditsCsv(again);
        assertThat(again.toString()).isEqualTo(csv.toString());
        StringWriter json = new StringWriter();
        report.run(paths).writeJson(json);
        assertThat(json.toString()).startsWith("{\"dimensions\":[\"channel\"],\"credits\":[{\"model\":\"linear\","
                + "\"group\":\"\",\"channel\":\"email\",\"conversions\":1.5,\"revenue\":90.0}");
        StringWriter returns = new StringWriter();
        report.run(paths).writeReturnsCsv(returns);
        assertThat(returns.toString()).contains("linear,,(all),channel,email,1.5,90.0,0.0,,,0.0\n");
    }

    @Test
    void badSettings() {
        assertThatThrownBy(() -> AttributionReport.builder().build()).hasMessageContaining("models");
        assertThatThrownBy(() -> AttributionReport.builder().model(AttributionModel.linear()).model(AttributionModel.linear()))
                .hasMessageContaining("\"linear\"");
        AttributionReport.Builder partial = AttributionReport.builder().model(AttributionModel.firstTouch());
        assertThatThrownBy(() -> partial.models(List.of(AttributionModel.linear(), AttributionModel.firstTouch())))
                .hasMessageContaining("models[1]").hasMessageContaining("\"first_touch\"");
        // the failed call added nothing: linear can still be added once
        assertThat(partial.model(AttributionModel.linear()).build().models()).extracting(AttributionModel::name)
                .containsExactly("first_touch", "linear");
        PathTable paths = new PathBuilder(PathSettings.defaults()).build(touches(), conversions());
        AttributionReport r = AttributionReport.builder().model(AttributionModel.linear())
                .spend(List.of(new Spend(Dimension.CAMPAIGN, "spring", day(0), day(1), 5))).build();
        assertThatThrownBy(() -> r.run(paths)).hasMessageContaining("spend[0].dimension");
        assertThatThrownBy(() -> new Spend(Dimension.CHANNEL, "x", day(1), day(1), 1)).hasMessageContaining("to must be after from");
    }
}
