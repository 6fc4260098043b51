package io.omnicanal.examples.data;

/** One malformed value of one row: names the file, the line, the field and the value. */
public final class RowException extends BadInputException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;
    private final String field;
    private final String value;
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param file   the file's name
     * @param line   the 1-based line number
     * @param field  the column
     * @param value  the offending value, already masked if it is personal data
     * @param reason what is wrong with it
     */
    public RowException(String file, long line, String field, String value, String reason) {
        super(file + ":" + line + ": field " + field + ": " + reason + " (value \"" + value + "\")");
        this.file = file;
        this.line = line;
        this.field = field;
        this.value = value;
        this.reason = reason;
    }

    /** The file's name. */
    public String file() {
        return file;
    }

    /** The 1-based line number. */
    public long line() {
        return line;
    }

    /** The column. */
    public String field() {
        return field;
    }

    /** The offending value (masked where personal). */
    public String value() {
        return value;
    }

    /** What is wrong with the value. */
    public String reason() {
        return reason;
    }
}
