package io.omnicanal.benchmarks.journeys;

import io.siddhi.core.SiddhiAppRuntime;
import io.siddhi.core.SiddhiManager;
import io.siddhi.core.event.Event;
import io.siddhi.core.stream.input.InputHandler;
import io.siddhi.core.stream.output.StreamCallback;

import java.util.function.LongBinaryOperator;

/**
 * The peer: cart abandonment (add_to_cart not followed by purchase within an hour, then send) in Siddhi, in
 * playback mode so that event timestamps drive time. Two formulations, both reporting
 * {@code onSend(profile, sendTimeMillis)} per reminder:
 *
 * <ul>
 *   <li>{@link Formulation#PATTERN}: the pattern query the issue names,
 *       {@code every e1=Cart -> not Purchase[profile == e1.profile] for 1 hour}. (Partitioning it by profile,
 *       Siddhi's idiom for per-key patterns, measured about 10x slower still at 20k profiles.)</li>
 *   <li>{@link Formulation#WINDOW_TABLE}: the fastest Siddhi formulation found: carts expire from a one-hour
 *       time window and are joined with a primary-keyed table of each profile's last purchase.</li>
 * </ul>
 *
 * <p>One runtime per instance; not thread-safe.
 */
public final class SiddhiCart implements AutoCloseable {

    /** How the pattern is written. */
    public enum Formulation {
        /** {@code every e1=Cart -> not Purchase[...] for 1 hour}. */
        PATTERN("@app:name('cart_pattern') @app:playback "
                + "define stream Cart (profile long); "
                + "define stream Purchase (profile long); "
                + "from every e1=Cart -> not Purchase[profile == e1.profile] for 1 hour "
                + "select e1.profile as profile insert into Send;"),
        /** Time window of carts joined with a keyed last-purchase table. */
        WINDOW_TABLE("@app:name('cart_window') @app:playback "
                + "define stream Cart (profile long); "
                + "define stream Purchase (profile long); "
                + "@PrimaryKey('profile') define table LastPurchase (profile long, ts long); "
                + "from Purchase select profile, eventTimestamp() as ts "
                + "  update or insert into LastPurchase on LastPurchase.profile == profile; "
                + "from Cart select profile, eventTimestamp() as ts insert into CartTs; "
                + "from CartTs#window.time(1 hour) select profile, ts insert expired events into Expired; "
                + "from Expired left outer join LastPurchase on Expired.profile == LastPurchase.profile "
                + "  select Expired.profile as profile, Expired.ts as cartTs, LastPurchase.ts as pts insert into Checked; "
                + "from Checked[pts is null or pts < cartTs or pts > cartTs + 3600000L] "
                + "  select profile, cartTs + 3600000L as sendTs insert into Send;");

        /** The Siddhi application text. */
        public final String app;

        Formulation(String app) {
            this.app = app;
        }
    }

    private final SiddhiManager manager = new SiddhiManager();
    private final SiddhiAppRuntime runtime;
    private final InputHandler cart;
    private final InputHandler purchase;

    /** Creates and starts the runtime. */
    public SiddhiCart(Formulation formulation, LongBinaryOperator onSend) {
        runtime = manager.createSiddhiAppRuntime(formulation.app);
        boolean computed = formulation == Formulation.WINDOW_TABLE;
        runtime.addCallback("Send", new StreamCallback() {
            @Override
            public void receive(Event[] events) {
                for (Event e : events) {
                    onSend.applyAsLong((Long) e.getData(0), computed ? (Long) e.getData(1) : e.getTimestamp());
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
