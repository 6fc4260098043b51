package io.omnicanal.journeys;

/**
 * A journey definition (JSON or builder) is malformed. {@link #path()} is the JSON path of the fault
 * relative to the journey object ({@code "steps[2].next"}, or {@code ""} for the whole journey); the
 * message starts with it.
 */
public final class JourneyDefinitionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The JSON path of the fault. */
    private final String path;

    /** Creates the exception; the message becomes {@code path + ": " + problem}. */
    public JourneyDefinitionException(String path, String problem) {
        super(path.isEmpty() ? problem : path + ": " + problem);
        this.path = path;
    }

    /** The JSON path of the fault, never null. */
    public String path() {
        return path;
    }
}
