package io.omnicanal.journeys.internal;

import io.omnicanal.journeys.Condition;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Condition} compiled against the engine's interned names: trait, segment and value strings become
 * ints once, so evaluation does no allocation. Immutable after construction.
 */
abstract class Predicate {
    /** Whether the condition holds for profile {@code p}; {@code props} is the event's properties or null. */
    abstract boolean test(ProfileFacts facts, int p, Map<String, String> props);

    /** The lookups a predicate needs from the engine. */
    interface ProfileFacts {
        /** Interned value id of trait {@code traitId} for profile {@code p}, or -1. */
        int trait(int p, int traitId);

        /** The decimal value of interned value {@code valueId}, NaN when not a number. */
        double number(int valueId);

        /** Whether profile {@code p} is in segment {@code segmentId}. */
        boolean inSegment(int p, int segmentId);
    }

    static final Predicate TRUE = new Predicate() {
        @Override
        boolean test(ProfileFacts facts, int p, Map<String, String> props) {
            return true;
        }
    };

    /** Compiles {@code c}; null compiles to TRUE. Names are interned in the given tables. */
    static Predicate compile(Condition c, Names traits, Names values, Names segments) {
        if (c == null) {
            return TRUE;
        }
        if (c instanceof Condition.Equals e) {
            if (e.source() == Condition.Source.EVENT) {
                String key = e.key();
                String value = e.value();
                return new Predicate() {
                    @Override
                    boolean test(ProfileFacts f, int p, Map<String, String> props) {
                        return props != null && value.equals(props.get(key));
                    }
                };
            }
            int trait = traits.intern(e.key());
            int value = values.intern(e.value());
            return new Predicate() {
                @Override
                boolean test(ProfileFacts f, int p, Map<String, String> props) {
                    return f.trait(p, trait) == value;
                }
            };
        }
        if (c instanceof Condition.In in) {
            if (in.source() == Condition.Source.EVENT) {
                String key = in.key();
                Set<String> set = new HashSet<>(in.values());
                return new Predicate() {
                    @Override
                    boolean test(ProfileFacts f, int p, Map<String, String> props) {
                        String v = props == null ? null : props.get(key);
                        return v != null && set.contains(v);
                    }
                };
            }
            int trait = traits.intern(in.key());
            int[] ids = in.values().stream().mapToInt(values::intern).sorted().toArray();
            return new Predicate() {
                @Override
                boolean test(ProfileFacts f, int p, Map<String, String> props) {
                    int v = f.trait(p, trait);
                    return v >= 0 && java.util.Arrays.binarySearch(ids, v) >= 0;
                }
            };
        }
        if (c instanceof Condition.Range r) {
            double min = r.min();
            double max = r.max();
            if (r.source() == Condition.Source.EVENT) {
                String key = r.key();
                return new Predicate() {
                    @Override
                    boolean test(ProfileFacts f, int p, Map<String, String> props) {
                        String v = props == null ? null : props.get(key);
                        if (v == null) {
                            return false;
                        }
                        double d = Names.parse(v);
                        return d >= min && d <= max;
                    }
                };
            }
            int trait = traits.intern(r.key());
            return new Predicate() {
                @Override
                boolean test(ProfileFacts f, int p, Map<String, String> props) {
                    int v = f.trait(p, trait);
                    if (v < 0) {
                        return false;
                    }
                    double d = f.number(v);
                    return d >= min && d <= max;
                }
            };
        }
        if (c instanceof Condition.InSegment s) {
            int seg = segments.intern(s.segment());
            return new Predicate() {
                @Override
                boolean test(ProfileFacts f, int p, Map<String, String> props) {
                    return f.inSegment(p, seg);
                }
            };
        }
        if (c instanceof Condition.Not n) {
            Predicate inner = compile(n.of(), traits, values, segments);
            return new Predicate() {
                @Override
                boolean test(ProfileFacts f, int p, Map<String, String> props) {
                    return !inner.test(f, p, props);
                }
            };
        }
        boolean all = c instanceof Condition.All;
        List<Condition> of = all ? ((Condition.All) c).of() : ((Condition.Any) c).of();
        Predicate[] parts = of.stream().map(x -> compile(x, traits, values, segments)).toArray(Predicate[]::new);
        return new Predicate() {
            @Override
            boolean test(ProfileFacts f, int p, Map<String, String> props) {
                for (Predicate part : parts) {
                    if (part.test(f, p, props) != all) {
                        return !all;
                    }
                }
                return all;
            }
        };
    }
}
