package io.omnicanal.segmentation;

/**
 * A segment catalog is malformed: an unknown field, a wrong type, an unknown event type, operator, segment
 * or RFM cell, a cycle between segments, a zero window. {@link #path()} is the JSON path of the fault
 * (for example {@code $.segments[2].condition.of[0].window}), the same for the builder and the JSON form.
 */
public final class SegmentDefinitionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The JSON path of the fault. */
    private final String path;

    /**
     * An exception at {@code path}.
     *
     * @param path    JSON path of the fault
     * @param message what is wrong, naming the offending value
     * @param cause   the underlying failure, or {@code null}
     */
    public SegmentDefinitionException(String path, String message, Throwable cause) {
        super(path + ": " + message, cause);
        this.path = path;
    }

    /** The JSON path of the fault, starting with {@code $}. */
    public String path() {
        return path;
    }
}
