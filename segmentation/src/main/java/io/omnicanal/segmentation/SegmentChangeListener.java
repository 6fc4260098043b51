package io.omnicanal.segmentation;

/**
 * Receives segment changes without allocating a {@link SegmentChange} per change (the hot-path variant of
 * the list-returning methods of {@link SegmentEngine}). Called on the thread that called the engine, while
 * the engine's lock is held: it must not call back into the engine.
 *
 * <p><b>A listener that throws.</b> If {@link #onChange} throws a {@code RuntimeException} or an
 * {@code Error}, the engine does not call the listener again during that call, completes all of the
 * call's work, and then rethrows that same exception from the engine method. Afterwards:
 * <ul>
 *   <li>the engine's state is that of the completed call: the event is recorded, the clock is at the
 *       event's time (or later), every membership change is applied, every timer is armed, and later calls
 *       behave exactly as if the listener had not thrown;</li>
 *   <li>the changes passed to the listener before the one that threw were reported; the change whose call
 *       threw and every later change of the same engine call were applied but <em>not</em> reported. The
 *       profile of the failing call is known to the listener; read the current memberships back with
 *       {@link SegmentEngine#segmentsOf}, {@link SegmentEngine#members} or a batch
 *       {@link SegmentEngine#evaluate()} to resynchronise;</li>
 *   <li>the call must not be retried: the event is already recorded, and recording it again would store it
 *       twice.</li>
 * </ul>
 */
@FunctionalInterface
public interface SegmentChangeListener {
    /**
     * One change.
     *
     * @param profile     the profile key
     * @param segment     the segment id (a shared string, no copy)
     * @param entered     entry ({@code true}) or exit
     * @param epochMillis when, in milliseconds since the epoch
     */
    void onChange(long profile, String segment, boolean entered, long epochMillis);
}
