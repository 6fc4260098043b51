package io.omnicanal.benchmarks.journeys;

import io.siddhi.core.SiddhiAppRuntime;
import io.siddhi.core.SiddhiManager;
import io.siddhi.core.event.Event;
import io.siddhi.core.stream.input.InputHandler;
import io.siddhi.core.stream.output.StreamCallback;

import java.util.function.LongBinaryOperator;

/**
 * The peer: cart abandonment as a Siddhi pattern query, {@code every e1=Cart -> not Purchase for 1 hour},
 * partitioned by profile (Siddhi's idiom for per-key patterns), in playback mode so that event timestamps
 * drive time. Every match calls {@code onSend(profile, sendTimeMillis)}. One runtime per instance; not
 * thread-safe.
 */
public final class SiddhiCart implements AutoCloseable {
    /** The Siddhi application. */
    public static final String APP = "@app:name('cart') @app:playback "
            + "define stream Cart (profile long); "
            + "define stream Purchase (profile long); "
            + "partition with (profile of Cart, profile of Purchase) begin "
            + "  from every e1=Cart -> not Purchase for 1 hour "
            + "  select e1.profile as profile insert into Send; "
            + "end;";

    private final SiddhiManager manager = new SiddhiManager();
    private final SiddhiAppRuntime runtime;
    private final InputHandler cart;
    private final InputHandler purchase;

    /** Creates and starts the runtime. */
    public SiddhiCart(LongBinaryOperator onSend) {
        runtime = manager.createSiddhiAppRuntime(APP);
        runtime.addCallback("Send", new StreamCallback() {
            @Override
            public void receive(Event[] events) {
                for (Event e : events) {
                    onSend.applyAsLong((Long) e.getData(0), e.getTimestamp());
                }
            }
        });
        runtime.start();
        cart = runtime.getInputHandler("Cart");
        purchase = runtime.getInputHandler("Purchase");
    }

    /** Sends an add-to-cart ({@code isCart}) or purchase event with its data array. */
    public void send(boolean isCart, long timestamp, Object[] data) {
        try {
            (isCart ? cart : purchase).send(timestamp, data);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Advances playback time to {@code timestamp} with a purchase of a profile that never adds to cart (key -1). */
    public void advanceTo(long timestamp) {
        send(false, timestamp, new Object[] {-1L});
    }

    @Override
    public void close() {
        runtime.shutdown();
        manager.shutdown();
    }
}
