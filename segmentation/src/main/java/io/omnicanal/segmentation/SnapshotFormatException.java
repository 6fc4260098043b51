package io.omnicanal.segmentation;

import java.io.IOException;

/** A snapshot file is truncated, corrupt, of an unknown version or not a segmentation snapshot at all. */
public final class SnapshotFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message naming the file and the fault.
     *
     * @param message the fault
     * @param cause   the underlying failure, or {@code null}
     */
    public SnapshotFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
