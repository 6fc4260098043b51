package io.omnicanal.journeys;

import io.omnicanal.journeys.internal.Checks;
import io.omnicanal.journeys.internal.JourneyCodec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable journey definition: how profiles enter, the steps they move through, and the goals and
 * exit rules that end their stay. Build one with {@link #builder(String)} or parse its JSON form with
 * {@link #fromJson(String)}; {@link #toJson()} writes a form that parses back to an equal journey.
 *
 * <p>The canonical constructor validates the whole graph and throws {@link JourneyDefinitionException}
 * with the JSON path of the first fault: step ids unique, every branch target exists, exits are event or
 * segment triggers, and every cycle in the step graph passes through a wait (so no profile can loop
 * forever at one instant), and at most {@value #MAX_STEPS} steps.
 *
 * @param id the journey id (stable across versions)
 * @param version the definition version, at least 1; a deployed update must have a higher version
 * @param entry what makes a profile enter
 * @param reEntry whether and when it may enter again
 * @param goals conversion events: one ends the stay and is reported as a {@link Conversion}
 * @param exits events or segment changes that end the stay without a conversion
 * @param steps the steps, the first is where profiles start
 * @param migration what happens to in-flight profiles of the previous version when this one is deployed
 */
public record Journey(String id, int version, Trigger entry, ReEntry reEntry, List<Trigger.OnEvent> goals,
                      List<Trigger> exits, List<Step> steps, Migration migration) {

    /** The most steps a journey may have. */
    public static final int MAX_STEPS = 32_767;

    /** Validates the definition; see the type's documentation. */
    public Journey {
        requireValid("id", () -> Checks.keyPart("id", id));
        if (version < 1) {
            throw new JourneyDefinitionException("version", "must be at least 1, was " + version);
        }
        if (entry == null) {
            throw new JourneyDefinitionException("entry", "must not be null");
        }
        if (reEntry == null) {
            throw new JourneyDefinitionException("reEntry", "must not be null");
        }
        if (migration == null) {
            throw new JourneyDefinitionException("migration", "must not be null");
        }
        goals = copy("goals", goals);
        exits = copy("exits", exits);
        steps = copy("steps", steps);
        for (int i = 0; i < exits.size(); i++) {
            if (exits.get(i) instanceof Trigger.OnDate) {
                throw new JourneyDefinitionException("exits[" + i + "]", "an exit must be an event or segment trigger, was a date trigger");
            }
        }
        if (steps.isEmpty()) {
            throw new JourneyDefinitionException("steps", "must contain at least one step");
        }
        if (steps.size() > MAX_STEPS) {
            throw new JourneyDefinitionException("steps", "at most " + MAX_STEPS + " steps, had " + steps.size());
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            if (index.putIfAbsent(steps.get(i).id(), i) != null) {
                throw new JourneyDefinitionException("steps[" + i + "].id", "duplicate step id \"" + steps.get(i).id() + "\"");
            }
        }
        int[][] edges = new int[steps.size()][];
        for (int i = 0; i < steps.size(); i++) {
            edges[i] = targets(steps, i, index);
        }
        checkNoInstantCycle(steps, edges);
    }

    private static void requireValid(String path, Runnable check) {
        try {
            check.run();
        } catch (JourneyDefinitionException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new JourneyDefinitionException(path, e.getMessage());
        }
    }

    private static <T> List<T> copy(String path, List<T> values) {
        if (values == null) {
            throw new JourneyDefinitionException(path, "must not be null");
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new JourneyDefinitionException(path + "[" + i + "]", "must not be null");
            }
        }
        return List.copyOf(values);
    }

    /** Branch targets of step i as step indexes; -1 means "leave the journey". */
    private static int[] targets(List<Step> steps, int i, Map<String, Integer> index) {
        String p = "steps[" + i + "]";
        Step s = steps.get(i);
        if (s instanceof Step.Send x) {
            return new int[] {target(steps, i, p + ".next", x.next(), index)};
        } else if (s instanceof Step.Wait x) {
            return new int[] {target(steps, i, p + ".next", x.next(), index)};
        } else if (s instanceof Step.WaitForEvent x) {
            return new int[] {target(steps, i, p + ".onEvent", x.onEvent(), index),
                    target(steps, i, p + ".onTimeout", x.onTimeout(), index)};
        } else if (s instanceof Step.DecisionSplit x) {
            return new int[] {target(steps, i, p + ".ifTrue", x.ifTrue(), index),
                    target(steps, i, p + ".ifFalse", x.ifFalse(), index)};
        } else if (s instanceof Step.RandomSplit x) {
            int[] t = new int[x.branches().size() + 1];
            for (int b = 0; b < x.branches().size(); b++) {
                t[b] = target(steps, i, p + ".branches[" + b + "].next", x.branches().get(b).next(), index);
            }
            t[t.length - 1] = x.holdoutNext() == null ? t[0] : target(steps, i, p + ".holdoutNext", x.holdoutNext(), index);
            return t;
        } else if (s instanceof Step.NextBestAction x) {
            return new int[] {target(steps, i, p + ".next", x.next(), index),
                    target(steps, i, p + ".ifNone", x.ifNone(), index)};
        } else if (s instanceof Step.UpdateTrait x) {
            return new int[] {target(steps, i, p + ".next", x.next(), index)};
        } else {
            return new int[0];
        }
    }

    private static int target(List<Step> steps, int from, String path, String id, Map<String, Integer> index) {
        if (id == null) {
            return from + 1 < steps.size() ? from + 1 : -1;
        }
        Integer t = index.get(id);
        if (t == null) {
            throw new JourneyDefinitionException(path, "unknown step \"" + id + "\"");
        }
        return t;
    }

    /**
     * Depth-first search over edges that do not wait; a back edge is a cycle a profile could spin in. Iterative
     * (an explicit stack of steps and their next edge), so that a chain of thousands of steps that do not wait
     * cannot overflow the thread's stack; edges are taken in the same order as a recursive search would.
     */
    private static void checkNoInstantCycle(List<Step> steps, int[][] edges) {
        int n = steps.size();
        byte[] color = new byte[n];
        int[] stack = new int[n];
        int[] nextEdge = new int[n];
        for (int start = 0; start < n; start++) {
            if (color[start] != 0) {
                continue;
            }
            int depth = 0;
            stack[0] = start;
            nextEdge[0] = 0;
            color[start] = 1;
            while (depth >= 0) {
                int node = stack[depth];
                boolean waits = steps.get(node) instanceof Step.Wait || steps.get(node) instanceof Step.WaitForEvent;
                int[] out = edges[node];
                if (waits || nextEdge[depth] == out.length) {
                    color[node] = 2;
                    depth--;
                    continue;
                }
                int t = out[nextEdge[depth]++];
                if (t < 0) {
                    continue;
                }
                if (color[t] == 1) {
                    throw new JourneyDefinitionException("steps[" + node + "]",
                            "step \"" + steps.get(node).id() + "\" closes a cycle without a wait through \"" + steps.get(t).id() + "\"");
                }
                if (color[t] == 0) {
                    color[t] = 1;
                    depth++;
                    stack[depth] = t;
                    nextEdge[depth] = 0;
                }
            }
        }
    }

    /** The index of the step with this id, or -1. O(steps). */
    public int stepIndex(String stepId) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).id().equals(stepId)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Parses the JSON form. Unknown or malformed fields are rejected with a {@link JourneyDefinitionException}
     * whose path names the fault ({@code steps[1].delivery.channels[0]: unknown channel "fax"}).
     *
     * @throws JourneyDefinitionException on any fault, including invalid JSON syntax (path {@code ""})
     */
    public static Journey fromJson(String json) {
        return JourneyCodec.parse(json);
    }

    /** The canonical JSON form: fixed field order, defaults written out; {@code fromJson(toJson())} equals this. */
    public String toJson() {
        return JourneyCodec.write(this);
    }

    /** A builder for a journey with this id; version 1, re-entry never, migration finish unless set. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** Builds a {@link Journey}; each setter validates its argument, {@link #build()} validates the graph. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private int version = 1;
        private Trigger entry;
        private ReEntry reEntry = ReEntry.never();
        private final List<Trigger.OnEvent> goals = new ArrayList<>();
        private final List<Trigger> exits = new ArrayList<>();
        private final List<Step> steps = new ArrayList<>();
        private Migration migration = Migration.finish();

        private Builder(String id) {
            this.id = Checks.keyPart("id", id);
        }

        /** Sets the version (at least 1). */
        public Builder version(int v) {
            this.version = Checks.range("version", v, 1, Integer.MAX_VALUE);
            return this;
        }

        /** Sets the entry trigger. */
        public Builder entry(Trigger trigger) {
            this.entry = Checks.notNull("entry", trigger);
            return this;
        }

        /** Sets the re-entry policy. */
        public Builder reEntry(ReEntry policy) {
            this.reEntry = Checks.notNull("reEntry", policy);
            return this;
        }

        /** Adds a goal (conversion) event. */
        public Builder goal(Trigger.OnEvent goal) {
            goals.add(Checks.notNull("goal", goal));
            return this;
        }

        /** Adds an exit rule (event or segment trigger). */
        public Builder exit(Trigger exit) {
            Checks.notNull("exit", exit);
            if (exit instanceof Trigger.OnDate) {
                throw new IllegalArgumentException("exit must be an event or segment trigger, was " + exit);
            }
            exits.add(exit);
            return this;
        }

        /** Appends a step. */
        public Builder step(Step step) {
            steps.add(Checks.notNull("step", step));
            return this;
        }

        /** Sets the migration rule for in-flight profiles of the previous version. */
        public Builder migration(Migration rule) {
            this.migration = Checks.notNull("migration", rule);
            return this;
        }

        /** Builds and validates the journey. */
        public Journey build() {
            return new Journey(id, version, entry, reEntry, goals, exits, steps, migration);
        }
    }
}
