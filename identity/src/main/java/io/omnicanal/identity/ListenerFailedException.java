package io.omnicanal.identity;

/**
 * Thrown by a call that changed the graph when one or more listeners threw while being told about
 * the change. The change itself stands: it is recorded (a link is in the log, an erasure is done),
 * and every listener was given every event of the call, in order, whether or not an earlier call
 * to it or to another listener threw. Do not retry the call (a link given again is kept twice);
 * repair the listener's state instead. The first listener exception is the cause, later ones are
 * suppressed exceptions of it.
 */
public final class ListenerFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param event the event whose delivery failed first, as text ({@code merged(12 -> 34)})
     * @param failures how many listener calls threw in this call
     * @param cause the first listener exception
     */
    public ListenerFailedException(String event, int failures, RuntimeException cause) {
        super("a listener threw on " + event + (failures > 1 ? " (and " + (failures - 1) + " more listener calls threw)" : "")
                + "; the graph's change stands and every listener was given every event: do not retry the call", cause);
    }
}
