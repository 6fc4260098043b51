package io.omnicanal.journeys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Test double: a sender that delivers (deduplicating by idempotency key) and a listener that logs everything. */
final class Recorder implements JourneyListener, ChannelSender {
    final List<Action> delivered = new ArrayList<>();
    final List<Action> attempts = new ArrayList<>();
    final List<Skip> skips = new ArrayList<>();
    final List<Conversion> conversions = new ArrayList<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    final Set<String> keys = new HashSet<>();
    /** Outcomes to return for the next attempts (then DELIVERED). */
    final List<SendOutcome> script = new ArrayList<>();
    int duplicatesRefused;

    @Override
    public SendOutcome send(Action action) {
        attempts.add(action);
        if (!script.isEmpty()) {
            SendOutcome o = script.remove(0);
            if (o != SendOutcome.DELIVERED) {
                return o;
            }
        }
        if (!keys.add(action.idempotencyKey())) {
            duplicatesRefused++;
        }
        return SendOutcome.DELIVERED;
    }

    @Override
    public void entered(long profile, String journey, int version, Instant time) {
        log.add("enter " + profile + " " + journey + " v" + version + " " + time);
    }

    @Override
    public void left(long profile, String journey, int version, String reason, Instant time) {
        log.add("leave " + profile + " " + journey + " v" + version + " " + reason + " " + time);
    }

    @Override
    public void delivered(Action action) {
        delivered.add(action);
        log.add("send " + action.profile() + " " + action.journey() + " " + action.message() + " " + action.channel() + " " + action.time());
    }

    @Override
    public void skipped(Skip skip) {
        skips.add(skip);
        log.add("skip " + skip.profile() + " " + skip.journey() + " " + skip.message() + " " + skip.reason() + " " + skip.time());
    }

    @Override
    public void converted(Conversion conversion) {
        conversions.add(conversion);
        log.add("convert " + conversion.profile() + " " + conversion.journey() + " " + conversion.touches().size() + " " + conversion.time());
    }

    @Override
    public void deadLettered(DeadLetter deadLetter) {
        deadLetters.add(deadLetter);
        log.add("dead " + deadLetter.action().idempotencyKey() + " " + deadLetter.reason());
    }

    /** An engine builder with this recorder as listener and sender on every channel. */
    JourneyEngine.Builder engine() {
        JourneyEngine.Builder b = JourneyEngine.builder().listener(this).start(T0);
        for (Channel c : Channel.values()) {
            b.sender(c, this);
        }
        return b;
    }

    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    static Instant at(long minutes) {
        return T0.plusSeconds(minutes * 60);
    }

    /** Makes a profile reachable with marketing consent on every channel. */
    static void reachable(JourneyEngine e, long profile, Channel... channels) {
        for (Channel c : channels) {
            e.setReachable(profile, c, true);
            e.setConsent(profile, c, "marketing", true);
        }
    }
}
