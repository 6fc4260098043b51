package io.omnicanal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The merge rules against a brute-force reference written from the documented semantics: sets
 * of strings, links applied in the documented (time, source, identifier keys) order, each rule checked by counting
 * over the would-be profile and over each part it joins (a join breaks a limit only when it adds
 * identifiers of the type: seeing members again never does), the lowest-priority identifier dropped first.
 */
class MergeRulesOracleProperties {

    private static final Map<String, Integer> PRIORITY = Map.of("account", 100, "email", 60, "phone", 50, "device", 30, "cookie", 20);
    private static final Map<String, Integer> LIMIT = Map.of("account", 1, "email", 2, "cookie", 1);
    private static final Map<String, Duration> WINDOW = Map.of("cookie", Duration.ofHours(5));
    private static final int MAX_SIZE = 7;

    private static String type(String label) {
        return label.substring(0, label.indexOf(':'));
    }

    private static final Comparator<String> LABEL_ORDER = Comparator.comparing(MergeRulesOracleProperties::type)
            .thenComparing(l -> l.substring(l.indexOf(':') + 1));

    /** Reference implementation. */
    static final class Reference {
        final Map<String, Set<String>> profileOf = new HashMap<>();
        final Map<String, Instant> last = new HashMap<>();
        final List<String> conflicts = new ArrayList<>();

        void apply(Instant t, String source, List<String> labels) {
            List<String> accepted = new ArrayList<>(labels);
            while (accepted.size() > 1) {
                Set<Set<String>> profiles = new HashSet<>();
                Set<String> union = new HashSet<>();
                for (String l : accepted) {
                    Set<String> p = profileOf.get(l);
                    if (p == null) {
                        union.add(l);
                    } else if (profiles.add(p)) {
                        union.addAll(p);
                    }
                }
                long fresh = accepted.stream().filter(l -> !profileOf.containsKey(l)).count();
                if (profiles.size() + fresh <= 1) {
                    break;
                }
                String rule = null;
                if (union.size() > MAX_SIZE) {
                    rule = "max_profile_size";
                } else {
                    // the parts joined: each profile, each identifier new to the graph
                    List<Set<String>> parts = new ArrayList<>(profiles);
                    accepted.stream().filter(l -> !profileOf.containsKey(l)).forEach(l -> parts.add(Set.of(l)));
                    for (String ty : new TreeSet<>(LIMIT.keySet())) {
                        Duration w = WINDOW.get(ty);
                        long count = 0;
                        long largestPart = 0;
                        for (Set<String> part : parts) {
                            long c = part.stream().filter(m -> type(m).equals(ty))
                                    .filter(m -> w == null || accepted.contains(m) || !last.get(m).isBefore(t.minus(w)))
                                    .count();
                            count += c;
                            largestPart = Math.max(largestPart, c);
                        }
                        // the join breaks the limit only when it adds identifiers of the type
                        if (count > LIMIT.get(ty) && count > largestPart) {
                            rule = (LIMIT.get(ty) == 1 && w == null ? "unique:" : "limit:") + ty;
                            break;
                        }
                    }
                }
                if (rule == null) {
                    break;
                }
                String victim = accepted.stream().max(Comparator.<String>comparingInt(l -> -PRIORITY.get(type(l)))
                        .thenComparing(l -> !profileOf.containsKey(l))
                        .thenComparing(LABEL_ORDER)).orElseThrow();
                accepted.remove(victim);
                conflicts.add(t + " " + source + " " + rule + " " + victim);
            }
            for (String l : labels) {
                last.put(l, t);
                profileOf.computeIfAbsent(l, x -> new HashSet<>(Set.of(x)));
            }
            Set<String> merged = new HashSet<>();
            for (String l : accepted) {
                merged.addAll(profileOf.get(l));
            }
            for (String l : merged) {
                profileOf.put(l, merged);
            }
        }
    }

    private static String label(Identifier id) {
        return id.type().name() + ":" + id.value();
    }

    @Property(tries = 120)
    void rulesAgreeWithTheReference(@ForAll long seed, @ForAll @IntRange(min = 1, max = 100) int n) {
        agree(RandomLinks.generate(seed, n, 10, 8));
    }

    /**
     * Few values over a day of hours: cookies leave the five-hour window and come back, so that
     * profiles hold more cookies inside the window than the limit through members seen again.
     */
    @Property(tries = 120)
    void rulesAgreeWithTheReferenceWhenCookiesComeBack(@ForAll long seed, @ForAll @IntRange(min = 1, max = 150) int n) {
        agree(RandomLinks.generate(seed, n, 4, 24));
    }

    private static void agree(List<Link> links) {
        IdentityGraph g = IdentityGraph.builder().unique(IdentifierType.ACCOUNT).limit(IdentifierType.EMAIL, 2)
                .limit(IdentifierType.COOKIE, 1, Duration.ofHours(5)).maxProfileSize(MAX_SIZE).build();
        links.forEach(l -> g.link(l.time(), l.source(), l.identifiers().toArray(new Identifier[0])));

        List<List<String>> labelLists = new ArrayList<>();
        for (Link l : links) {
            labelLists.add(l.identifiers().stream().map(MergeRulesOracleProperties::label).distinct().sorted(LABEL_ORDER)
                    .collect(Collectors.toList()));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < links.size(); i++) {
            order.add(i);
        }
        // the documented link order: time, source, then the members' 64-bit keys ascending
        Map<String, Long> keys = new HashMap<>();
        for (Link l : links) {
            for (Identifier id : l.identifiers()) {
                keys.put(label(id), g.keyOf(id));
            }
        }
        order.sort((x, y) -> {
            int c = links.get(x).time().compareTo(links.get(y).time());
            if (c == 0) {
                c = links.get(x).source().compareTo(links.get(y).source());
            }
            List<Long> a = labelLists.get(x).stream().map(keys::get).sorted().collect(Collectors.toList());
            List<Long> b = labelLists.get(y).stream().map(keys::get).sorted().collect(Collectors.toList());
            for (int i = 0; c == 0 && i < Math.min(a.size(), b.size()); i++) {
                c = Long.compare(a.get(i), b.get(i));
            }
            return c != 0 ? c : Integer.compare(a.size(), b.size());
        });
        Reference ref = new Reference();
        for (int i : order) {
            ref.apply(links.get(i).time(), links.get(i).source(), labelLists.get(i));
        }
        Set<Set<String>> expected = new HashSet<>(ref.profileOf.values());
        Set<Set<String>> actual = g.profiles().stream()
                .map(p -> p.identifiers().stream().map(s -> label(s.identifier())).collect(Collectors.toSet()))
                .collect(Collectors.toSet());
        assertThat(actual).isEqualTo(expected);
        List<String> actualConflicts = g.conflicts().stream()
                .map(c -> c.time() + " " + c.source() + " " + c.rule() + " " + c.type().name() + ":" + c.value())
                .sorted().collect(Collectors.toList());
        assertThat(actualConflicts).isEqualTo(ref.conflicts.stream().sorted().collect(Collectors.toList()));
        for (Profile p : g.profiles()) {
            assertThat(p.identifiers().size()).isLessThanOrEqualTo(MAX_SIZE);
            assertThat(p.byType().getOrDefault(IdentifierType.ACCOUNT, List.of())).hasSizeLessThanOrEqualTo(1);
            assertThat(p.byType().getOrDefault(IdentifierType.EMAIL, List.of())).hasSizeLessThanOrEqualTo(2);
        }
    }
}
