package io.omnicanal.examples.data;

/**
 * Input the pipeline cannot accept: a missing or unreadable file, a header that does not match the
 * schema, or (when the run stops at the first bad row) a malformed row. The message names the file,
 * the line and the field. The command line maps it to its own exit code.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming file, line and field
     */
    public BadInputException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what is wrong, naming file, line and field
     * @param cause   the underlying failure
     */
    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
