package io.omnicanal.journeys.internal;

import io.omnicanal.journeys.Channel;
import io.omnicanal.journeys.Delivery;
import io.omnicanal.journeys.Journey;
import io.omnicanal.journeys.Step;
import io.omnicanal.journeys.Trigger;

import java.util.List;

/**
 * One deployed journey version compiled to arrays indexed by step: kinds, branch targets as step indexes
 * (-1 = leave), interned ids and compiled predicates. Immutable after construction.
 */
final class CompiledJourney {
    static final byte SEND = 0, WAIT = 1, WAIT_EVENT = 2, DECISION = 3, RANDOM = 4, NBA = 5, TRAIT = 6, EXIT = 7;
    static final byte ENTRY_EVENT = 0, ENTRY_SEGMENT = 1, ENTRY_DATE = 2;

    final Journey journey;
    final int family;
    final int def;
    final int version;

    final byte entryKind;
    final int entryId;
    final Predicate entryPred;
    final boolean entrySegmentEntered;
    final int entrySecondOfDay;

    final int[] goalType;
    final Predicate[] goalPred;
    final int[] exitType;
    final Predicate[] exitPred;
    final int[] exitSegment;
    final boolean[] exitSegmentEntered;

    final byte[] kind;
    final int[] next;
    final int[] alt;
    final String[] stepId;
    final int[] message;
    final int[] topic;
    final String[] offerName;
    final Delivery[] delivery;
    final byte[][] channels;
    final int[] purpose;
    final long[] waitMillis;
    final int[] waitSecondOfDay;
    final int[] awaitType;
    final Predicate[] awaitPred;
    final int[] restartType;
    final Predicate[] restartPred;
    final Predicate[] decision;
    final int[][] cumulative;
    final int[][] branchTargets;
    final int[] holdoutWeight;
    final int[][] offers;
    final int[] trait;
    final int[] traitValue;
    /** Indexed by interned event type: whether some goal, exit or awaited event of this definition names it. */
    private final boolean[] reacts;

    /** The interned-name tables a journey compiles against. */
    static final class Tables {
        final Names types = new Names();
        final Names traits = new Names();
        final Names values = new Names();
        final Names segments = new Names();
        final Names messages = new Names();
        final Names topics = new Names();
        final Names purposes = new Names();
        final Names dates = new Names();
    }

    CompiledJourney(Journey j, int family, int def, Tables t, Names offerIds, byte[] defaultChannels) {
        this.journey = j;
        this.family = family;
        this.def = def;
        this.version = j.version();
        Trigger e = j.entry();
        if (e instanceof Trigger.OnEvent ev) {
            entryKind = ENTRY_EVENT;
            entryId = t.types.intern(ev.type());
            entryPred = Predicate.compile(ev.where(), t.traits, t.values, t.segments);
            entrySegmentEntered = false;
            entrySecondOfDay = -1;
        } else if (e instanceof Trigger.OnSegment s) {
            entryKind = ENTRY_SEGMENT;
            entryId = t.segments.intern(s.segment());
            entryPred = Predicate.TRUE;
            entrySegmentEntered = s.entered();
            entrySecondOfDay = -1;
        } else {
            Trigger.OnDate d = (Trigger.OnDate) e;
            entryKind = ENTRY_DATE;
            entryId = t.dates.intern(d.attribute());
            entryPred = Predicate.TRUE;
            entrySegmentEntered = false;
            entrySecondOfDay = d.at().toSecondOfDay();
        }
        goalType = new int[j.goals().size()];
        goalPred = new Predicate[goalType.length];
        for (int i = 0; i < goalType.length; i++) {
            goalType[i] = t.types.intern(j.goals().get(i).type());
            goalPred[i] = Predicate.compile(j.goals().get(i).where(), t.traits, t.values, t.segments);
        }
        int events = 0;
        for (Trigger x : j.exits()) {
            events += x instanceof Trigger.OnEvent ? 1 : 0;
        }
        exitType = new int[events];
        exitPred = new Predicate[events];
        exitSegment = new int[j.exits().size() - events];
        exitSegmentEntered = new boolean[exitSegment.length];
        int ei = 0;
        int si = 0;
        for (Trigger x : j.exits()) {
            if (x instanceof Trigger.OnEvent ev) {
                exitType[ei] = t.types.intern(ev.type());
                exitPred[ei++] = Predicate.compile(ev.where(), t.traits, t.values, t.segments);
            } else {
                Trigger.OnSegment s = (Trigger.OnSegment) x;
                exitSegment[si] = t.segments.intern(s.segment());
                exitSegmentEntered[si++] = s.entered();
            }
        }
        List<Step> steps = j.steps();
        int n = steps.size();
        kind = new byte[n];
        next = new int[n];
        alt = new int[n];
        stepId = new String[n];
        message = new int[n];
        topic = new int[n];
        offerName = new String[n];
        delivery = new Delivery[n];
        channels = new byte[n][];
        purpose = new int[n];
        waitMillis = new long[n];
        waitSecondOfDay = new int[n];
        awaitType = new int[n];
        awaitPred = new Predicate[n];
        restartType = new int[n];
        restartPred = new Predicate[n];
        decision = new Predicate[n];
        cumulative = new int[n][];
        branchTargets = new int[n][];
        holdoutWeight = new int[n];
        offers = new int[n][];
        trait = new int[n];
        traitValue = new int[n];
        java.util.Arrays.fill(restartType, -1);
        java.util.Arrays.fill(topic, -1);
        java.util.Arrays.fill(waitSecondOfDay, -1);
        for (int i = 0; i < n; i++) {
            Step s = steps.get(i);
            stepId[i] = s.id();
            if (s instanceof Step.Send x) {
                kind[i] = SEND;
                next[i] = target(j, i, x.next());
                message[i] = t.messages.intern(x.message());
                topic[i] = x.offer() == null ? -1 : t.topics.intern(x.offer());
                offerName[i] = x.offer();
                deliver(i, x.delivery(), t, defaultChannels);
            } else if (s instanceof Step.Wait x) {
                kind[i] = WAIT;
                next[i] = target(j, i, x.next());
                if (x.duration() != null) {
                    waitMillis[i] = x.duration().toMillis();
                } else {
                    waitSecondOfDay[i] = x.untilTimeOfDay().toSecondOfDay();
                }
            } else if (s instanceof Step.WaitForEvent x) {
                kind[i] = WAIT_EVENT;
                next[i] = target(j, i, x.onEvent());
                alt[i] = target(j, i, x.onTimeout());
                waitMillis[i] = x.timeout().toMillis();
                awaitType[i] = t.types.intern(x.awaited().type());
                awaitPred[i] = Predicate.compile(x.awaited().where(), t.traits, t.values, t.segments);
                if (x.restartOn() != null) {
                    restartType[i] = t.types.intern(x.restartOn().type());
                    restartPred[i] = Predicate.compile(x.restartOn().where(), t.traits, t.values, t.segments);
                }
            } else if (s instanceof Step.DecisionSplit x) {
                kind[i] = DECISION;
                next[i] = target(j, i, x.ifTrue());
                alt[i] = target(j, i, x.ifFalse());
                decision[i] = Predicate.compile(x.condition(), t.traits, t.values, t.segments);
            } else if (s instanceof Step.RandomSplit x) {
                kind[i] = RANDOM;
                int b = x.branches().size();
                cumulative[i] = new int[b];
                branchTargets[i] = new int[b + 1];
                int sum = 0;
                for (int k = 0; k < b; k++) {
                    sum += x.branches().get(k).weight();
                    cumulative[i][k] = sum;
                    branchTargets[i][k] = target(j, i, x.branches().get(k).next());
                }
                holdoutWeight[i] = x.holdoutWeight();
                branchTargets[i][b] = x.holdoutNext() == null ? branchTargets[i][0] : target(j, i, x.holdoutNext());
            } else if (s instanceof Step.NextBestAction x) {
                kind[i] = NBA;
                next[i] = target(j, i, x.next());
                alt[i] = target(j, i, x.ifNone());
                int[] ids = new int[x.offers().isEmpty() ? offerIds.size() : x.offers().size()];
                for (int k = 0; k < ids.length; k++) {
                    ids[k] = x.offers().isEmpty() ? k : offerIds.find(x.offers().get(k));
                }
                offers[i] = ids;
                deliver(i, x.delivery(), t, defaultChannels);
            } else if (s instanceof Step.UpdateTrait x) {
                kind[i] = TRAIT;
                next[i] = target(j, i, x.next());
                trait[i] = t.traits.intern(x.trait());
                traitValue[i] = t.values.intern(x.value());
            } else {
                kind[i] = EXIT;
                next[i] = -1;
            }
        }
        reacts = new boolean[t.types.size()];
        for (int type : goalType) {
            reacts[type] = true;
        }
        for (int type : exitType) {
            reacts[type] = true;
        }
        for (int i = 0; i < n; i++) {
            if (kind[i] == WAIT_EVENT) {
                reacts[awaitType[i]] = true;
                if (restartType[i] >= 0) {
                    reacts[restartType[i]] = true;
                }
            }
        }
    }

    /**
     * Whether an event of interned type {@code type} can matter to a stay in this definition (a goal, an exit
     * or a wait-for-event step names it); the event path skips the stay otherwise. Types interned after this
     * definition was compiled are named by none of its triggers.
     */
    boolean reactsTo(int type) {
        return type < reacts.length && reacts[type];
    }

    private void deliver(int i, Delivery d, Tables t, byte[] defaultChannels) {
        delivery[i] = d;
        if (d.channels().isEmpty()) {
            channels[i] = defaultChannels;
        } else {
            byte[] c = new byte[d.channels().size()];
            for (int k = 0; k < c.length; k++) {
                c[k] = (byte) d.channels().get(k).ordinal();
            }
            channels[i] = c;
        }
        purpose[i] = t.purposes.intern(d.purpose());
    }

    private static int target(Journey j, int from, String id) {
        if (id == null) {
            return from + 1 < j.steps().size() ? from + 1 : -1;
        }
        return j.stepIndex(id);
    }

    /** Channel with this ordinal. */
    static Channel channel(int ordinal) {
        return Channel.values()[ordinal];
    }
}
