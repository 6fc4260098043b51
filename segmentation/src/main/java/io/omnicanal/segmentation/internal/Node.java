package io.omnicanal.segmentation.internal;

import io.omnicanal.segmentation.Condition;
import io.omnicanal.segmentation.LifecycleStage;

/** A compiled condition, evaluated on primitive state for one profile at {@link Ctx#now}. */
abstract class Node {
    abstract boolean eval(Ctx c);

    /** Evaluation context: which profile, which state row, which instant, and the current pass's results. */
    static final class Ctx {
        ProfileStore st;
        int p;
        int row;
        long now;
        boolean[] val;
        boolean[] known;
        Compiled compiled;
        RfmReference rfm;
    }

    static final class And extends Node {
        final Node[] of;

        And(Node[] of) {
            this.of = of;
        }

        @Override
        boolean eval(Ctx c) {
            for (Node n : of) {
                if (!n.eval(c)) {
                    return false;
                }
            }
            return true;
        }
    }

    static final class Or extends Node {
        final Node[] of;

        Or(Node[] of) {
            this.of = of;
        }

        @Override
        boolean eval(Ctx c) {
            for (Node n : of) {
                if (n.eval(c)) {
                    return true;
                }
            }
            return false;
        }
    }

    static final class Not extends Node {
        final Node of;

        Not(Node of) {
            this.of = of;
        }

        @Override
        boolean eval(Ctx c) {
            return !of.eval(c);
        }
    }

    static final class TraitIn extends Node {
        final int trait;
        /** Sorted interned value ids. */
        final int[] values;

        TraitIn(int trait, int[] values) {
            this.trait = trait;
            this.values = values;
        }

        @Override
        boolean eval(Ctx c) {
            int v = c.st.traitValue(trait, c.p);
            if (v < 0) {
                return false;
            }
            for (int x : values) {
                if (x == v) {
                    return true;
                }
            }
            return false;
        }
    }

    static final class TraitRange extends Node {
        final int trait;
        final double min;
        final double max;

        TraitRange(int trait, double min, double max) {
            this.trait = trait;
            this.min = min;
            this.max = max;
        }

        @Override
        boolean eval(Ctx c) {
            double v = c.st.traitNumber(trait, c.p);
            return v >= min && v <= max;
        }
    }

    static final class TraitExists extends Node {
        final int trait;

        TraitExists(int trait) {
            this.trait = trait;
        }

        @Override
        boolean eval(Ctx c) {
            return c.st.traitValue(trait, c.p) >= 0;
        }
    }

    static final class Agg extends Node {
        final AggSlot slot;
        final Condition.Measure measure;
        final double min;
        final double max;

        Agg(AggSlot slot, Condition.Measure measure, double min, double max) {
            this.slot = slot;
            this.measure = measure;
            this.min = min;
            this.max = max;
        }

        @Override
        boolean eval(Ctx c) {
            // Before the slot's deadline no condition on it has changed truth value, so the possibly
            // not yet expired state gives the same answer; skipping the expiry saves a read of the
            // history at the window's tail (a cache miss) per condition evaluated.
            if (slot.mayBeStale(c.row, c.now)) {
                slot.expire(c.st, c.p, c.row, c.now);
            }
            double v = switch (measure) {
                case COUNT -> slot.count(c.row, c.now);
                case SUM -> slot.sumMicros(c.row) / 1e6;
                case DISTINCT_CHANNELS -> slot.distinctChannels(c.row, c.now);
                case DISTINCT_DEVICES -> slot.distinctDevices(c.row, c.now);
            };
            return v >= min && v <= max;
        }
    }

    static final class LastAgo extends Node {
        final TimeSlot slot;
        final long age;

        LastAgo(TimeSlot slot, long age) {
            this.slot = slot;
            this.age = age;
        }

        @Override
        boolean eval(Ctx c) {
            long t = slot.last(c.row);
            return t != Slot.NONE && c.now - t >= age;
        }
    }

    static final class Seq extends Node {
        final SeqSlot slot;
        final long lookback;

        Seq(SeqSlot slot, long lookback) {
            this.slot = slot;
            this.lookback = lookback;
        }

        @Override
        boolean eval(Ctx c) {
            return slot.abandonedSince(c.row, c.now, lookback);
        }
    }

    static final class InSegment extends Node {
        final int segment;

        InSegment(int segment) {
            this.segment = segment;
        }

        @Override
        boolean eval(Ctx c) {
            return c.known[segment] ? c.val[segment] : c.compiled.isMember(c.row, segment);
        }
    }

    static final class Rfm extends Node {
        final int rMin;
        final int rMax;
        final int fMin;
        final int fMax;
        final int mMin;
        final int mMax;

        Rfm(int rMin, int rMax, int fMin, int fMax, int mMin, int mMax) {
            this.rMin = rMin;
            this.rMax = rMax;
            this.fMin = fMin;
            this.fMax = fMax;
            this.mMin = mMin;
            this.mMax = mMax;
        }

        @Override
        boolean eval(Ctx c) {
            int s = c.compiled.rfmScores(c.rfm, c.st, c.p, c.row, c.now);
            if (s == 0) {
                return false;
            }
            int r = s / 100;
            int f = s / 10 % 10;
            int m = s % 10;
            return r >= rMin && r <= rMax && f >= fMin && f <= fMax && m >= mMin && m <= mMax;
        }
    }

    static final class RfmCell extends Node {
        final int cell;

        RfmCell(int cell) {
            this.cell = cell;
        }

        @Override
        boolean eval(Ctx c) {
            int s = c.compiled.rfmScores(c.rfm, c.st, c.p, c.row, c.now);
            return s != 0 && c.compiled.rfmCell(s) == cell;
        }
    }

    static final class Lifecycle extends Node {
        final LifecycleStage stage;

        Lifecycle(LifecycleStage stage) {
            this.stage = stage;
        }

        @Override
        boolean eval(Ctx c) {
            return c.compiled.stage(c.row, c.now) == stage;
        }
    }
}
