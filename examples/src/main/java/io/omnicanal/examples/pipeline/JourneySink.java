package io.omnicanal.examples.pipeline;

import io.omnicanal.journeys.Action;
import io.omnicanal.journeys.ChannelSender;
import io.omnicanal.journeys.JourneyListener;
import io.omnicanal.journeys.SendOutcome;
import io.omnicanal.journeys.Skip;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The run's channel sender and journey observer: "sends" by recording the action (idempotent on
 * the action's key, as a real sender must be), and counts entries, sends and skips.
 */
final class JourneySink implements ChannelSender, JourneyListener {
    final List<Action> sent = new ArrayList<>();
    final Map<String, Long> sentPerChannel = new TreeMap<>();
    final Map<String, Long> skipped = new TreeMap<>();
    final Map<String, Long> entered = new TreeMap<>();
    private final Set<String> delivered = new HashSet<>();
    long conversions;

    @Override
    public SendOutcome send(Action action) {
        if (delivered.add(action.idempotencyKey())) {
            sent.add(action);
            sentPerChannel.merge(action.channel().jsonName(), 1L, Long::sum);
        }
        return SendOutcome.DELIVERED;
    }

    @Override
    public void entered(long profile, String journey, int version, Instant time) {
        entered.merge(journey, 1L, Long::sum);
    }

    @Override
    public void skipped(Skip skip) {
        skipped.merge(skip.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), 1L, Long::sum);
    }

    @Override
    public void converted(io.omnicanal.journeys.Conversion conversion) {
        conversions++;
    }
}
