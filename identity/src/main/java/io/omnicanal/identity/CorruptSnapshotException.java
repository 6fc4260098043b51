package io.omnicanal.identity;

import java.io.IOException;

/**
 * Thrown when a snapshot file is truncated, corrupt, of a foreign format or version, or was
 * written by a graph with an incompatible configuration. The graph that tried to restore it is
 * left exactly as it was.
 */
public final class CorruptSnapshotException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the file
     * @param cause the underlying fault, may be null
     */
    public CorruptSnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
