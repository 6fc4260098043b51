package io.omnicanal.attribution;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

import static io.omnicanal.attribution.PathBuilderTest.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Return rows (ROMI, ROAS, CPA) broken down by group and device: a table worked out by hand, and
 * random data checked against a brute-force apportioning written here.
 */
class ReturnBreakdownTest {
    static final String ALL = ResultTable.ALL;
    static final String NONE = ResultTable.UNASSIGNED;
    static final LongFunction<String> AB = p -> p % 2 == 1 ? "A" : "B";

    static List<Touchpoint> touches() {
        return List.of(
                new Touchpoint(1, day(1), "search", "", "mobile", "click", 0),
                new Touchpoint(1, day(2), "email", "", "desktop", "open", 0),
                new Touchpoint(2, day(1), "search", "", "desktop", "click", 0),
                new Touchpoint(3, day(5), "search", "", "mobile", "click", 0),
                new Touchpoint(4, day(12), "email", "", "mobile", "open", 5),
                new Touchpoint(4, day(13), "search", "", "mobile", "click", 0));
    }

    static List<Conversion> conversions() {
        return List.of(new Conversion(1, day(3), 100, "order"), new Conversion(2, day(2), 50, "order"));
    }

    static List<Spend> spend() {
        return List.of(new Spend(Dimension.CHANNEL, "search", day(0), day(10), 90),
                new Spend(Dimension.CHANNEL, "search", day(10), day(20), 30),
                new Spend(Dimension.CHANNEL, "email", day(0), day(10), 40),
                new Spend(Dimension.CHANNEL, "sms", day(0), day(10), 10));
    }

    static String row(ResultTable.ReturnRow r) {
        return r.group() + " " + r.device() + " " + r.key() + " " + r.conversions() + " " + r.revenue() + " "
                + r.spend();
    }

    @Test
    void byGroupAndDeviceWorkedOutByHand() {
        PathTable paths = new PathBuilder(PathSettings.builder().dimensions(Dimension.CHANNEL, Dimension.DEVICE)
                .build()).build(touches(), conversions(), AB);
        ResultTable result = AttributionReport.builder().model(AttributionModel.lastTouch()).spend(spend())
                .touchpointCosts(touches()).build().run(paths, touches(), conversions(), AB);
        // Search touches in [day 0, day 10): profile 1 mobile (A), 2 desktop (B), 3 mobile (A), so the
        // 90 splits A 60 / B 30, mobile 60 / desktop 30; in [day 10, day 20) only profile 4's mobile
        // touch (B) takes the 30. Email in [0, 10): profile 1's desktop touch (A) takes the 40; the
        // 5 cost of profile 4's email touch stays with B on mobile. No sms touch: 10 unassigned.
        // Last touch: profile 1's order (100) to email|desktop, profile 2's (50) to search|desktop.
        assertThat(result.returns()).extracting(ReturnBreakdownTest::row).containsExactly(
                "(all) (all) email 1.0 100.0 45.0",
                "(all) (all) search 1.0 50.0 120.0",
                "(all) (all) sms 0.0 0.0 10.0",
                "(all) desktop email 1.0 100.0 40.0",
                "(all) desktop search 1.0 50.0 30.0",
                "(all) mobile email 0.0 0.0 5.0",
                "(all) mobile search 0.0 0.0 90.0",
                "(all) (unassigned) sms 0.0 0.0 10.0",
                "A (all) email 1.0 100.0 40.0",
                "A (all) search 0.0 0.0 60.0",
                "A desktop email 1.0 100.0 40.0",
                "A desktop search 0.0 0.0 0.0",
                "A mobile email 0.0 0.0 0.0",
                "A mobile search 0.0 0.0 60.0",
                "B (all) email 0.0 0.0 5.0",
                "B (all) search 1.0 50.0 60.0",
                "B desktop email 0.0 0.0 0.0",
                "B desktop search 1.0 50.0 30.0",
                "B mobile email 0.0 0.0 5.0",
                "B mobile search 0.0 0.0 30.0",
                "(unassigned) (all) sms 0.0 0.0 10.0",
                "(unassigned) (unassigned) sms 0.0 0.0 10.0");
        ResultTable.ReturnRow bDesktopSearch = find(result, "B", "desktop", "search");
        assertThat(bDesktopSearch.romi()).isCloseTo((50 - 30) / 30.0, within(1e-12));
        assertThat(bDesktopSearch.roas()).isCloseTo(50 / 30.0, within(1e-12));
        assertThat(bDesktopSearch.cpa()).isCloseTo(30.0, within(1e-12));
        assertThat(find(result, NONE, NONE, "sms").romi()).isEqualTo(-1);
        assertThat(find(result, NONE, NONE, "sms").cpa()).isNaN();

        assertThat(returnsCsv(result)).startsWith("model,group,device,dimension,key,conversions,revenue,spend,romi,roas,cpa\n"
                + "last_touch,(all),(all),channel,email,1.0,100.0,45.0,1.2222222222222223,2.2222222222222223,45.0\n");
        assertThat(json(result)).contains("{\"model\":\"last_touch\",\"group\":\"B\",\"device\":\"desktop\","
                + "\"dimension\":\"channel\",\"key\":\"search\"");
    }

    @Test
    void theWindowLimitsBothTheAmountAndTheTouchesThatShareIt() {
        PathTable paths = new PathBuilder(PathSettings.builder().dimensions(Dimension.CHANNEL, Dimension.DEVICE)
                .build()).build(touches(), conversions());
        // window [day 2, day 6): search's first row counts 4/10 of 90 = 36, shared by profile 3's
        // mobile touch alone (day 5); the [10, 20) row is outside; email's 40 becomes 16 and profile
        // 1's day-2 desktop touch takes it; the day-12 cost is outside.
        ResultTable result = AttributionReport.builder().model(AttributionModel.linear()).spend(spend())
                .touchpointCosts(touches()).window(day(2), day(6)).build().run(paths, touches(), conversions(), null);
        assertThat(result.returns()).extracting(r -> r.group() + " " + r.device() + " " + r.key() + " " + r.spend())
                .containsExactly(" (all) email 16.0", " (all) search 36.0", " (all) sms 4.0", " desktop email 16.0",
                        " desktop search 0.0", " mobile email 0.0", " mobile search 36.0", " (unassigned) sms 4.0");
        assertThat(find(result, "", "(all)", "search").spend()).isCloseTo(36, within(1e-12));
    }

    /**
     * Proration at the window's edges, worked out by hand. Window [day 5, day 7). Search: 100 over
     * [day 0, day 10) counts 2/10 = 20; 40 over [day 3, day 5) ends where the window starts: 0.
     * Social: 50 over [day 20, day 30), outside: 0. Display: a row of 0. Email: no spend row, but
     * touch costs: 2 on day 2 (before the window, left out), 3 on day 5 (the window's first
     * instant, in), 5 on day 7 (its end, exclusive, out): 3. Last touch credits email with profile
     * 1's order (100) and sms with profile 4's (10). So email: ROMI (100 - 3) / 3, ROAS 100 / 3,
     * CPA 3; search: spend 20 and no revenue, ROMI -1, ROAS 0, no CPA; social and display: spend 0,
     * so no ROMI or ROAS, and no conversion, so no CPA; sms: revenue without spend, no ROMI or
     * ROAS, CPA 0 / 1 = 0. Undefined ratios are empty in CSV and null in JSON.
     */
    @Test
    void spendAtTheWindowsEdgesAndRatiosWithNothingToDivideBy() {
        List<Touchpoint> touches = List.of(
                new Touchpoint(1, day(1), "search", "", "", "", 0),
                new Touchpoint(1, day(2), "email", "", "", "", 2),
                new Touchpoint(2, day(3), "social", "", "", "", 0),
                new Touchpoint(3, day(5), "email", "", "", "", 3),
                new Touchpoint(3, day(7), "email", "", "", "", 5),
                new Touchpoint(4, day(1), "sms", "", "", "", 0));
        List<Conversion> conversions = List.of(new Conversion(1, day(4), 100, "order"),
                new Conversion(4, day(2), 10, "order"));
        PathTable paths = new PathBuilder(PathSettings.defaults()).build(touches, conversions);
        ResultTable result = AttributionReport.builder().model(AttributionModel.lastTouch())
                .spend(List.of(new Spend(Dimension.CHANNEL, "search", day(0), day(10), 100),
                        new Spend(Dimension.CHANNEL, "search", day(3), day(5), 40),
                        new Spend(Dimension.CHANNEL, "social", day(20), day(30), 50),
                        new Spend(Dimension.CHANNEL, "display", day(0), day(10), 0)))
                .touchpointCosts(touches).window(day(5), day(7)).build().run(paths);
        assertThat(result.returns()).extracting(r -> r.key() + " " + r.conversions() + " " + r.revenue() + " "
                + r.spend() + " " + r.romi() + " " + r.roas() + " " + r.cpa()).containsExactly(
                "display 0.0 0.0 0.0 NaN NaN NaN",
                "email 1.0 100.0 3.0 " + (100 - 3) / 3.0 + " " + 100 / 3.0 + " 3.0",
                "search 0.0 0.0 20.0 -1.0 0.0 NaN",
                "sms 1.0 10.0 0.0 NaN NaN 0.0",
                "social 0.0 0.0 0.0 NaN NaN NaN");
        assertThat(returnsCsv(result)).contains("\nlast_touch,,(all),channel,social,0.0,0.0,0.0,,,\n")
                .contains("\nlast_touch,,(all),channel,sms,1.0,10.0,0.0,,,0.0\n");
        assertThat(json(result)).contains("\"key\":\"social\",\"conversions\":0.0,\"revenue\":0.0,\"spend\":0.0,"
                + "\"romi\":null,\"roas\":null,\"cpa\":null");
    }

    /** Proration is exact below the second: 6 over [T - 0.5 s, T + 1 s), window [T, T + 2 s): 6 * 1 / 1.5 = 4. */
    @Test
    void prorationCountsFractionsOfASecond() {
        Instant t = day(10);
        PathTable paths = PathTable.builder().add(List.of("email"), 1, 8, 0).build();
        ResultTable result = AttributionReport.builder().model(AttributionModel.lastTouch())
                .spend(List.of(new Spend(Dimension.CHANNEL, "email", t.minusMillis(500), t.plusSeconds(1), 6)))
                .window(t, t.plusSeconds(2)).build().run(paths);
        assertThat(result.returns()).singleElement().satisfies(r -> {
            assertThat(r.spend()).isEqualTo(4.0);
            assertThat(r.roas()).isEqualTo(2.0);
        });
    }

    @Test
    void withoutRawTouchesOnlyTheTotalRowsAndAGroupedTableNeedsItsGrouping() {
        PathTable paths = new PathBuilder(PathSettings.builder().dimensions(Dimension.CHANNEL, Dimension.DEVICE)
                .build()).build(touches(), conversions(), AB);
        AttributionReport report = AttributionReport.builder().model(AttributionModel.lastTouch()).spend(spend()).build();
        assertThat(report.run(paths).returns()).extracting(r -> r.group() + " " + r.device())
                .containsOnly("(all) (all)");
        assertThatThrownBy(() -> report.run(paths, touches(), conversions(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grouping")
                .hasMessageContaining("[A, B]");
    }

    static String returnsCsv(ResultTable result) {
        StringWriter csv = new StringWriter();
        result.writeReturnsCsv(csv);
        return csv.toString();
    }

    static String json(ResultTable result) {
        StringWriter json = new StringWriter();
        result.writeJson(json);
        return json.toString();
    }

    static ResultTable.ReturnRow find(ResultTable t, String group, String device, String key) {
        return t.returns().stream().filter(r -> r.group().equals(group) && r.device().equals(device)
                && r.key().equals(key)).findFirst().orElseThrow();
    }

    /**
     * On random data, every breakdown cell's spend equals a brute-force apportioning (each spend row
     * scans every touch), and the groups, the devices, and the devices of each group sum back to
     * the total spend of their key to 1e-9; the groups' revenue sums back to the total revenue.
     */
    @Property(tries = 25)
    void spendSumsBackAndMatchesBruteForce(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int groupCount,
                                           @ForAll boolean window) {
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] channels = {"search", "email", "sms", "social"};
        String[] devices = {"mobile", "desktop", ""};
        List<Touchpoint> touches = new ArrayList<>();
        List<Conversion> conversions = new ArrayList<>();
        for (long p = 0; p < 40; p++) {
            int n = 1 + rnd.nextInt(6);
            for (int i = 0; i < n; i++) {
                touches.add(new Touchpoint(p, day(rnd.nextInt(300) / 10.0), channels[rnd.nextInt(3)],
                        "c" + rnd.nextInt(3), devices[rnd.nextInt(3)], "", rnd.nextInt(4) == 0 ? rnd.nextInt(7) : 0));
            }
            if (rnd.nextInt(3) == 0) {
                conversions.add(new Conversion(p, day(30), 1 + rnd.nextInt(100), "order"));
            }
        }
        List<Spend> spend = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            double a = rnd.nextInt(40) / 2.0;
            Instant from = day(rnd.nextInt(30));
            Instant to = from.plusSeconds(3600L * (1 + rnd.nextInt(24 * 12)));
            spend.add(rnd.nextBoolean() ? new Spend(Dimension.CHANNEL, channels[rnd.nextInt(4)], from, to, a + 0.1)
                    : new Spend(Dimension.CAMPAIGN, "c" + rnd.nextInt(4), from, to, a + 0.3));
        }
        LongFunction<String> grouping = p -> "g" + (p % groupCount);
        Instant wFrom = window ? day(5) : null;
        Instant wTo = window ? day(22) : null;
        PathTable paths = new PathBuilder(PathSettings.builder()
                .dimensions(Dimension.CHANNEL, Dimension.CAMPAIGN, Dimension.DEVICE).build())
                .build(touches, conversions, grouping);
        AttributionReport.Builder b = AttributionReport.builder().model(AttributionModel.markov(1))
                .model(AttributionModel.linear()).spend(spend).touchpointCosts(touches);
        if (window) {
            b.window(wFrom, wTo);
        }
        ResultTable result = b.build().run(paths, touches, conversions, grouping);

        Map<String, Double> expected = bruteForce(touches, spend, grouping, wFrom, wTo);
        Map<String, Double> seen = new HashMap<>();
        for (ResultTable.ReturnRow r : result.returns()) {
            String cell = r.dimension() + " " + r.group() + " " + r.device() + " " + r.key();
            if (r.model().equals("linear")) {
                seen.put(cell, r.spend());
            }
            assertThat(r.spend()).as(cell).isCloseTo(expected.getOrDefault(cell, 0.0), within(1e-9));
        }
        expected.forEach((cell, amount) -> {
            if (amount > 0) {
                assertThat(seen).as(cell).containsKey(cell);
            }
        });
        for (String model : List.of("markov_1", "linear")) {
            Map<String, double[]> sums = new HashMap<>();
            double[] revenue = new double[2];
            for (ResultTable.ReturnRow r : result.returns()) {
                if (!r.model().equals(model)) {
                    continue;
                }
                double[] s = sums.computeIfAbsent(r.dimension() + " " + r.key(), k -> new double[3]);
                boolean allGroup = r.group().equals(ALL);
                boolean allDevice = r.device().equals(ALL);
                if (allGroup && allDevice) {
                    s[0] += r.spend();
                } else if (allDevice) {
                    s[1] += r.spend();
                } else if (allGroup) {
                    s[2] += r.spend();
                }
                if (allDevice && r.dimension() == Dimension.CHANNEL) {
                    revenue[allGroup ? 0 : 1] += r.revenue();
                }
            }
            sums.forEach((key, s) -> {
                assertThat(s[1]).as("groups of " + key).isCloseTo(s[0], within(1e-9));
                assertThat(s[2]).as("devices of " + key).isCloseTo(s[0], within(1e-9));
            });
            assertThat(revenue[1]).as(model).isCloseTo(revenue[0], within(1e-9 * Math.max(1, revenue[0])));
        }
        // the devices of each group sum to the group
        Map<String, double[]> perGroup = new HashMap<>();
        for (ResultTable.ReturnRow r : result.returns()) {
            if (r.model().equals("linear") && !r.group().equals(ALL)) {
                double[] s = perGroup.computeIfAbsent(r.dimension() + " " + r.group() + " " + r.key(),
                        k -> new double[2]);
                s[r.device().equals(ALL) ? 0 : 1] += r.spend();
            }
        }
        perGroup.forEach((k, s) -> assertThat(s[1]).as(k).isCloseTo(s[0], within(1e-9)));
    }

    /** Spend per "dimension group device key": each row scans every touch; no sorting, no search. */
    static Map<String, Double> bruteForce(List<Touchpoint> touches, List<Spend> spend, LongFunction<String> grouping,
                                          Instant wFrom, Instant wTo) {
        Map<String, Double> out = new HashMap<>();
        for (Spend s : spend) {
            Instant a = s.from();
            Instant b = s.to();
            double amount = s.amount();
            if (wFrom != null) {
                a = a.isAfter(wFrom) ? a : wFrom;
                b = b.isBefore(wTo) ? b : wTo;
                double whole = (s.to().toEpochMilli() - s.from().toEpochMilli());
                amount = b.isAfter(a) ? s.amount() * (b.toEpochMilli() - a.toEpochMilli()) / whole : 0;
            }
            put(out, s.dimension() + " " + ALL + " " + ALL + " " + s.key(), amount);
            List<Touchpoint> in = new ArrayList<>();
            for (Touchpoint t : touches) {
                String key = s.dimension() == Dimension.CHANNEL ? t.channel() : t.campaign();
                if (key.equals(s.key()) && !t.time().isBefore(a) && t.time().isBefore(b)) {
                    in.add(t);
                }
            }
            if (in.isEmpty()) {
                put(out, s.dimension() + " " + NONE + " " + ALL + " " + s.key(), amount);
                put(out, s.dimension() + " " + ALL + " " + NONE + " " + s.key(), amount);
                put(out, s.dimension() + " " + NONE + " " + NONE + " " + s.key(), amount);
            }
            for (Touchpoint t : in) {
                double share = amount / in.size();
                String g = grouping.apply(t.profile());
                put(out, s.dimension() + " " + g + " " + ALL + " " + s.key(), share);
                put(out, s.dimension() + " " + ALL + " " + t.device() + " " + s.key(), share);
                put(out, s.dimension() + " " + g + " " + t.device() + " " + s.key(), share);
            }
        }
        for (Touchpoint t : touches) {
            if (t.cost() == 0 || (wFrom != null && (t.time().isBefore(wFrom) || !t.time().isBefore(wTo)))) {
                continue;
            }
            String g = grouping.apply(t.profile());
            for (Dimension d : List.of(Dimension.CHANNEL, Dimension.CAMPAIGN)) {
                String key = d == Dimension.CHANNEL ? t.channel() : t.campaign();
                for (String cell : List.of(ALL + " " + ALL, g + " " + ALL, ALL + " " + t.device(),
                        g + " " + t.device())) {
                    put(out, d + " " + cell + " " + key, t.cost());
                }
            }
        }
        return out;
    }

    private static void put(Map<String, Double> out, String cell, double amount) {
        out.merge(cell, amount, Double::sum);
    }
}
