package io.omnicanal.journeys;

import io.omnicanal.journeys.internal.Checks;
import io.omnicanal.journeys.internal.JourneyRuntime;
import io.omnicanal.journeys.internal.Settings;
import io.omnicanal.journeys.internal.SettingsCodec;
import io.omnicanal.journeys.internal.SnapshotFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs journeys in-process: profiles enter on events, segment changes and dates, move through steps as
 * events arrive and as time is advanced, and their messages go through one pressure pipeline shared by all
 * journeys before reaching a {@link ChannelSender}.
 *
 * <p><b>Time.</b> The engine never reads a clock: time moves only through {@link #advanceTo(Instant)} and
 * the time of each input ({@link #onEvent}, {@link #onSegmentChange}, {@link #merge}), which first advances
 * to that time. Inputs must come in non-decreasing time order; an earlier time is rejected.
 *
 * <p><b>Message pipeline.</b> Messages requested by one input (one event, one segment change, one merge, or
 * the timers due at one instant) are arbitrated together, ordered by
 * profile key, priority (higher first), journey id and step, and each then goes through: suppression;
 * redundancy (no message about a topic the profile converted on within {@code convertedWindow}, no same
 * message within {@code duplicateWindow}); channel choice (candidates in fallback order that have an
 * identifier and, unless transactional, consent for the purpose; then the preferred channel, else the most
 * engaged, else the cheapest, ties by fallback order, leaving out channels a frequency cap holds); quiet hours
 * in the profile's zone (queue or discard); frequency caps, when they hold every candidate (skip or defer to when
 * a window frees a slot); arbitration (at most one marketing message
 * from different journeys per {@code arbitrationWindow}: the loser waits or is dropped); per-channel rate
 * limits (deferred to the next period); then the sender, with retries and dead letters. Transactional messages
 * skip redundancy, consent, quiet hours, caps and arbitration. Two inputs at the same instant are two rounds:
 * the first input's messages are dispatched before the second input is processed. Whatever is not sent is
 * reported to the {@link JourneyListener} as a {@link Skip} or a {@link DeadLetter}; a profile always moves on.
 *
 * <p><b>Determinism.</b> The same deployments, inputs and times give the same actions in the same order,
 * also across {@link #snapshot(Path)} and {@link #restore(Path)}.
 *
 * <p><b>Thread-safety.</b> Not thread-safe: confine an engine to one thread (or lock around it). To use
 * several cores, partition profiles by key over several engines, as per-profile state never crosses keys
 * except through {@link #merge}, which must then be routed to the winner's partition with the loser's state.
 *
 * <p><b>Failure atomicity.</b> Every method validates its arguments before changing anything; an invalid
 * argument leaves the engine unchanged. Exceptions thrown by a sender are treated as a retryable failure;
 * exceptions thrown by a listener or scorer propagate and may leave the current instant partly processed.
 */
public final class JourneyEngine {
    private final Settings settings;
    private JourneyRuntime rt;

    private JourneyEngine(Settings settings) {
        this.settings = settings;
        this.rt = new JourneyRuntime(settings);
    }

    /** A builder with defaults: no caps, no quiet hours, UTC, no rate limits, see each setter. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Deploys a journey, or a new version of a deployed one. A new version must have a higher version number;
     * new entries use it at once, profiles in flight finish or migrate by its {@link Migration}.
     *
     * @throws JourneyDefinitionException when the version is not higher, a next-best-action step names an
     *     offer missing from the catalogue, or the migration maps a step that does not exist or changes kind;
     *     the running version then keeps running unchanged
     */
    public void deploy(Journey journey) {
        rt.deploy(journey);
    }

    /** Parses {@code json} with {@link Journey#fromJson(String)} and deploys it; any fault leaves the engine unchanged. */
    public void deploy(String json) {
        rt.deploy(Journey.fromJson(json));
    }

    /** The running version of every deployed journey, sorted by id. */
    public List<Journey> journeys() {
        return rt.journeys();
    }

    /**
     * Processes an event at its time: fires timers due until then, records conversions and engagement,
     * checks goals, exits and waits of the profile's journeys, then entries. O(journeys of the profile +
     * journeys entered by this type) plus the work of steps run. No allocation unless a message is delivered
     * or the listener is set. Events of suppressed profiles are ignored.
     *
     * @throws IllegalArgumentException if the event is null or its time is before the engine's time
     */
    public void onEvent(JourneyEvent event) {
        rt.onEvent(event);
    }

    /**
     * Processes {@code events} in order, with exactly the results of {@link #onEvent} called on each in turn,
     * and faster at large profile counts: the engine looks up the profiles of each group of 16 events together
     * before processing the group, so that their cache misses overlap. Every event is checked before any is
     * processed: a null event, or one before the engine's time or before the previous event, is rejected and
     * nothing changes. O(events) plus the work of each event.
     *
     * @param events events in non-decreasing time order (the list is only read)
     * @throws IllegalArgumentException naming the position of the first event that is null or out of order
     */
    public void onEvents(List<JourneyEvent> events) {
        rt.onEvents(events);
    }

    /**
     * Records that {@code profile} entered or left {@code segment} at {@code time}; exits and entries on that
     * segment follow. A repeated report of the current membership changes nothing.
     *
     * @throws IllegalArgumentException if segment is blank or time null or before the engine's time
     */
    public void onSegmentChange(long profile, String segment, boolean entered, Instant time) {
        rt.onSegmentChange(profile, segment, entered, time);
    }

    /**
     * Moves the engine's time to {@code time}, firing every wait, deferred message, retry and date entry due
     * until then in time order.
     *
     * @throws IllegalArgumentException if time is null or before the engine's time
     */
    public void advanceTo(Instant time) {
        rt.advanceTo(time);
    }

    /**
     * The engine's settings as canonical JSON (everything but senders, listener and scorer, which are code);
     * {@code JourneyEngine.builder().configure(json)} rebuilds the same settings.
     */
    public String settingsJson() {
        return SettingsCodec.write(settings);
    }

    /** The engine's current time. */
    public Instant now() {
        return Instant.ofEpochMilli(rt.now());
    }

    /** Records whether the profile has an identifier for {@code channel} (e-mail address, phone, push token, device). */
    public void setReachable(long profile, Channel channel, boolean reachable) {
        rt.setReachable(profile, channel, reachable);
    }

    /**
     * Records consent of the profile for {@code channel} and {@code purpose} ({@code "marketing"} ...). At most
     * 12 distinct purposes per engine.
     *
     * @throws IllegalArgumentException if channel is null, purpose blank, or a 13th purpose
     */
    public void setConsent(long profile, Channel channel, String purpose, boolean granted) {
        rt.setConsent(profile, channel, purpose, granted);
    }

    /** Records the profile's preferred channel; null clears it. */
    public void setPreferredChannel(long profile, Channel channel) {
        rt.setPreferredChannel(profile, channel);
    }

    /** Records the profile's time zone; null falls back to the brand's. Date entries are rescheduled. */
    public void setTimeZone(long profile, ZoneId zone) {
        rt.setTimeZone(profile, zone);
    }

    /** Sets a trait used by conditions; a null value removes it. */
    public void setTrait(long profile, String trait, String value) {
        rt.setTrait(profile, trait, value);
    }

    /** Sets a date attribute (only month and day matter, e.g. a birthday); null removes it. */
    public void setDate(long profile, String attribute, MonthDay date) {
        rt.setDate(profile, attribute, date);
    }

    /**
     * Merges {@code loser} into {@code winner} at {@code time} (identity said they are one person). The
     * loser's stays move to the winner, except in journeys the winner is already in (the loser's stay ends
     * with reason "merged" and its pending messages are released as {@link SkipReason#JOURNEY_LEFT} skips);
     * other pending messages and dead letters move (dead letters keep their idempotency key); reachability, consent, engagement and segment membership
     * are united; traits and dates of the winner win; caps keep the latest sends of both; entry histories add
     * up. If either key is suppressed, both end up suppressed. Cost O(state ids + pending messages).
     *
     * @throws IllegalArgumentException if the keys are equal or time is before the engine's time
     */
    public void merge(long loser, long winner, Instant time) {
        rt.merge(loser, winner, time);
    }

    /**
     * Erases every trace of the profile (stays end with reason "erased"; pending messages and its dead letters
     * are dropped; its trait values, segment names and purchased items are forgotten, strings included, unless
     * another profile holds them or a definition, offer or setting names them) and adds the key to the
     * suppression list: it never receives anything again and its inputs are ignored.
     */
    public void erase(long profile) {
        rt.erase(profile);
    }

    /** Opts the profile out of everything: same as {@link #erase(long)}. */
    public void suppress(long profile) {
        rt.suppress(profile);
    }

    /** Whether the profile key is on the suppression list. */
    public boolean isSuppressed(long profile) {
        return rt.isSuppressed(profile);
    }

    /** Where the profile is in each journey, sorted by journey id; empty when in none. */
    public List<Position> positions(long profile) {
        return rt.positions(profile);
    }

    /** Every dead letter so far, oldest first (also reported to the listener). */
    public List<DeadLetter> deadLetters() {
        return rt.deadLetters();
    }

    /** Counters: profiles known, live journey stays, pending messages, timers fired, actions delivered. */
    public Stats stats() {
        return new Stats(rt.profiles(), rt.liveInstances(), rt.pendingMessages(), rt.timersFired(), rt.deliveredCount());
    }

    /**
     * Engine counters.
     *
     * @param profiles known, unsuppressed profiles
     * @param stays live journey stays
     * @param pendingMessages messages waiting for quiet hours, caps, arbitration, rate limits or a retry
     * @param timersFired timers fired since creation or restore
     * @param delivered actions delivered since creation or restore
     */
    public record Stats(int profiles, int stays, int pendingMessages, long timersFired, long delivered) {}

    /**
     * Pre-sizes internal tables for {@code profiles} profiles and {@code stays} concurrent stays, and the keyed
     * histories (entry histories, sent messages, converted topics, offer cool-downs) for {@code stays} entries
     * (optional: tables grow by doubling otherwise; reserving moves that growth out of the event path).
     */
    public void reserve(int profiles, int stays) {
        Checks.range("profiles", profiles, 0, Integer.MAX_VALUE);
        Checks.range("stays", stays, 0, Integer.MAX_VALUE);
        rt.reserveProfiles(profiles);
        rt.reserveInstances(stays);
    }

    /**
     * Writes the whole state (deployed versions, profiles, stays, timers, pending messages, caps, histories,
     * suppression list, dead letters, time) to {@code file} in a versioned, CRC-32-checked binary format:
     * written to a temporary file in the same directory, forced to disk, then atomically renamed (and the
     * directory synced where the platform allows). The output is byte-identical for identical states. Format
     * version 4; files of versions 1 to 3 are still read.
     *
     * @throws IOException if writing fails, or the file system cannot rename atomically; the previous file, if
     *     any, is then untouched
     */
    public void snapshot(Path file) throws IOException {
        SnapshotFormat.write(rt, Checks.notNull("file", file));
    }

    /**
     * Replaces the state with the one in {@code file}, written by an engine with the same caps and offer
     * catalogue. Senders, listener and other settings are this engine's.
     *
     * @throws IOException if the file cannot be read, is truncated, corrupt (checksum), of another format or
     *     version, or was written with other caps or offers; the current state is then untouched
     */
    public void restore(Path file) throws IOException {
        rt = SnapshotFormat.read(Checks.notNull("file", file), settings);
    }

    /** Builds a {@link JourneyEngine}; each setter validates at once, naming the setting and value. Not thread-safe. */
    public static final class Builder {
        private final List<FrequencyCap> caps = new ArrayList<>();
        private ZoneId brandZone = ZoneOffset.UTC;
        private int quietStart = -1;
        private int quietEnd = -1;
        private final int[] ratePermits = new int[Channel.values().length];
        private final long[] ratePeriod = new long[Channel.values().length];
        private Duration arbitrationWindow = Duration.ofHours(1);
        private Duration convertedWindow = Duration.ofDays(7);
        private Duration duplicateWindow = Duration.ofDays(1);
        private Set<String> conversionTypes = Set.of("purchase");
        private String itemProperty = "item";
        private Set<String> engagementTypes = Set.of("open", "click");
        private String channelProperty = "channel";
        private final double[] channelCost = {0.01, 0.05, 0.001, 0.0, 0.02};
        private byte[] fallback = {(byte) Channel.PUSH.ordinal(), (byte) Channel.EMAIL.ordinal(), (byte) Channel.SMS.ordinal(),
                (byte) Channel.IN_APP.ordinal(), (byte) Channel.DISPLAY.ordinal()};
        private final Map<String, Offer> offers = new java.util.LinkedHashMap<>();
        private OfferScorer scorer = OfferScorer.byPriority();
        private final Map<Channel, ChannelSender> senders = new EnumMap<>(Channel.class);
        private RetryPolicy retry = new RetryPolicy(3, Duration.ofMinutes(5));
        private JourneyListener listener = JourneyRuntime.NO_LISTENER;
        private Instant start = Instant.EPOCH;

        private Builder() {}

        /** Adds a frequency cap; at most 16 caps. */
        public Builder cap(FrequencyCap cap) {
            Checks.notNull("cap", cap);
            if (caps.size() == 16) {
                throw new IllegalArgumentException("at most 16 caps, was adding " + cap);
            }
            caps.add(cap);
            return this;
        }

        /** Quiet hours from {@code start} (inclusive) to {@code end} (exclusive) local time; may wrap midnight. */
        public Builder quietHours(LocalTime start, LocalTime end) {
            Checks.notNull("quietHours start", start);
            Checks.notNull("quietHours end", end);
            if (start.toSecondOfDay() == end.toSecondOfDay()) {
                throw new IllegalArgumentException("quietHours start and end must differ (to the second), both were " + start);
            }
            this.quietStart = start.toSecondOfDay();
            this.quietEnd = end.toSecondOfDay();
            return this;
        }

        /** The brand's time zone, used for profiles without one; default UTC. */
        public Builder brandZone(ZoneId zone) {
            this.brandZone = Checks.notNull("brandZone", zone);
            return this;
        }

        /** At most {@code permits} sends on {@code channel} per fixed period of {@code per}; excess is deferred. */
        public Builder rateLimit(Channel channel, int permits, Duration per) {
            Checks.notNull("channel", channel);
            Checks.range("permits", permits, 1, Integer.MAX_VALUE);
            Checks.atLeastOneMilli("per", per);
            ratePermits[channel.ordinal()] = permits;
            ratePeriod[channel.ordinal()] = per.toMillis();
            return this;
        }

        /** Minimum gap between marketing messages of different journeys to one profile; at least 1ms, default 1 hour. */
        public Builder arbitrationWindow(Duration window) {
            this.arbitrationWindow = Checks.atLeastOneMilli("arbitrationWindow", window);
            return this;
        }

        /**
         * No message about a topic the profile converted on within this window; default 7 days, zero disables the
         * rule (and conversions are then not recorded).
         */
        public Builder convertedWindow(Duration window) {
            this.convertedWindow = Checks.nonNegative("convertedWindow", window);
            return this;
        }

        /**
         * No same message to one profile (any channel) within this window; default 1 day, zero disables the rule
         * (and sent messages are then not recorded).
         */
        public Builder duplicateWindow(Duration window) {
            this.duplicateWindow = Checks.nonNegative("duplicateWindow", window);
            return this;
        }

        /** Event types that are conversions (online or in the shop) for redundancy; default {@code purchase}. */
        public Builder conversionEvents(String... types) {
            this.conversionTypes = names("conversionEvents", types);
            return this;
        }

        /** The event property naming the converted product or offer; default {@code item}. */
        public Builder itemProperty(String property) {
            this.itemProperty = Checks.name("itemProperty", property);
            return this;
        }

        /** Event types counted as engagement with the channel in {@code channelProperty}; default open, click. */
        public Builder engagementEvents(String... types) {
            this.engagementTypes = names("engagementEvents", types);
            return this;
        }

        /** The event property naming an engagement's channel; default {@code channel}. */
        public Builder channelProperty(String property) {
            this.channelProperty = Checks.name("channelProperty", property);
            return this;
        }

        /** The cost of one message on {@code channel} (finite, non-negative), used to break channel choice. */
        public Builder channelCost(Channel channel, double cost) {
            Checks.notNull("channel", channel);
            if (!Double.isFinite(cost) || cost < 0) {
                throw new IllegalArgumentException("cost must be finite and non-negative, was " + cost);
            }
            channelCost[channel.ordinal()] = cost;
            return this;
        }

        /** The default candidate channels in fallback order for steps that name none; default push, email, sms, in_app, display. */
        public Builder fallbackOrder(Channel... order) {
            Checks.notNull("fallbackOrder", order);
            if (order.length == 0 || new HashSet<>(Arrays.asList(order)).size() != order.length || Arrays.asList(order).contains(null)) {
                throw new IllegalArgumentException("fallbackOrder must be non-empty, without nulls or repeats, was " + Arrays.toString(order));
            }
            byte[] b = new byte[order.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) order[i].ordinal();
            }
            this.fallback = b;
            return this;
        }

        /** Adds an offer to the catalogue; ids must be unique. */
        public Builder offer(Offer offer) {
            Checks.notNull("offer", offer);
            if (offers.containsKey(offer.id())) {
                throw new IllegalArgumentException("offer id \"" + offer.id() + "\" is already in the catalogue");
            }
            offers.put(offer.id(), offer);
            return this;
        }

        /** The offer scorer; default {@link OfferScorer#byPriority()}. */
        public Builder scorer(OfferScorer offerScorer) {
            this.scorer = Checks.notNull("scorer", offerScorer);
            return this;
        }

        /** The sender for {@code channel}; a channel without one dead-letters its actions. */
        public Builder sender(Channel channel, ChannelSender sender) {
            senders.put(Checks.notNull("channel", channel), Checks.notNull("sender", sender));
            return this;
        }

        /** The retry policy; default 3 attempts, 5 minutes backoff. */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retry = Checks.notNull("retryPolicy", policy);
            return this;
        }

        /** The listener; default none. */
        public Builder listener(JourneyListener l) {
            this.listener = Checks.notNull("listener", l);
            return this;
        }

        /** The engine's initial time; default the epoch. */
        public Builder start(Instant time) {
            Checks.notNull("start", time);
            if (time.isBefore(Instant.EPOCH)) {
                throw new IllegalArgumentException("start must not be before the epoch, was " + time);
            }
            this.start = time;
            return this;
        }

        /**
         * Applies the settings in a JSON document (the form {@link JourneyEngine#settingsJson()} writes; absent
         * fields keep their current value, caps, rate limits and offers are added). The whole document is
         * validated before anything is applied.
         *
         * @throws JourneyDefinitionException with the JSON path of the first fault, for example
         *     {@code caps[1]: window must be positive, was PT0S}, also for faults that come from what the builder
         *     holds already ({@code caps[1]: at most 16 caps} with 15 caps set, an offer id already in its catalogue
         *     at {@code offers[i]}); the builder is then unchanged
         */
        public Builder configure(String json) {
            // a trial run on a copy of this builder's settings: a fault that depends on what the builder holds
            // already (a 17th cap, an offer id it has) surfaces before this builder changes
            SettingsCodec.apply(copy(), json);
            SettingsCodec.apply(this, json);
            return this;
        }

        /** A builder with this one's settings, senders, scorer and listener. */
        private Builder copy() {
            Builder b = new Builder();
            b.caps.addAll(caps);
            b.brandZone = brandZone;
            b.quietStart = quietStart;
            b.quietEnd = quietEnd;
            System.arraycopy(ratePermits, 0, b.ratePermits, 0, ratePermits.length);
            System.arraycopy(ratePeriod, 0, b.ratePeriod, 0, ratePeriod.length);
            b.arbitrationWindow = arbitrationWindow;
            b.convertedWindow = convertedWindow;
            b.duplicateWindow = duplicateWindow;
            b.conversionTypes = conversionTypes;
            b.itemProperty = itemProperty;
            b.engagementTypes = engagementTypes;
            b.channelProperty = channelProperty;
            System.arraycopy(channelCost, 0, b.channelCost, 0, channelCost.length);
            b.fallback = fallback.clone();
            b.offers.putAll(offers);
            b.scorer = scorer;
            b.senders.putAll(senders);
            b.retry = retry;
            b.listener = listener;
            b.start = start;
            return b;
        }

        /** Builds the engine. */
        public JourneyEngine build() {
            ChannelSender[] s = new ChannelSender[Channel.values().length];
            senders.forEach((c, x) -> s[c.ordinal()] = x);
            return new JourneyEngine(new Settings(List.copyOf(caps), brandZone, quietStart, quietEnd, ratePermits.clone(),
                    ratePeriod.clone(), arbitrationWindow.toMillis(), convertedWindow.toMillis(), duplicateWindow.toMillis(),
                    conversionTypes, itemProperty, engagementTypes, channelProperty, channelCost.clone(), fallback.clone(),
                    List.copyOf(offers.values()), scorer, s, retry, listener, start));
        }

        private static Set<String> names(String field, String... types) {
            Checks.notNull(field, types);
            Set<String> out = new LinkedHashSet<>();
            for (int i = 0; i < types.length; i++) {
                out.add(Checks.name(field + "[" + i + "]", types[i]));
            }
            return Set.copyOf(out);
        }
    }
}
