package io.omnicanal.attribution;

import java.util.Locale;

import io.omnicanal.attribution.internal.Checks;

import java.util.Objects;

/**
 * The layout of an aggregated path table as the ChannelAttribution package takes it: one row per
 * distinct path ({@code alpha > beta > alpha}) with its conversions, conversion value and
 * non-conversions. Defaults: separator {@code ,}, path separator {@code >} (steps are trimmed),
 * columns {@code path}, {@code total_conversions}, {@code total_conversion_value} and
 * {@code total_null}. The value and null columns may be absent from a file (then 0), or switched
 * off with an empty name. Immutable and thread-safe; built with {@link #builder()}.
 */
public final class PathTableFormat {
    private final char separator;
    private final String pathSeparator;
    private final String pathColumn;
    private final String conversionsColumn;
    private final String valueColumn;
    private final String nullsColumn;
    private final String directChannel;

    private PathTableFormat(Builder b) {
        this.separator = b.separator;
        this.pathSeparator = b.pathSeparator;
        this.pathColumn = b.pathColumn;
        this.conversionsColumn = b.conversionsColumn;
        this.valueColumn = b.valueColumn;
        this.nullsColumn = b.nullsColumn;
        this.directChannel = b.directChannel;
    }

    /** @return the ChannelAttribution defaults */
    public static PathTableFormat defaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the field separator */
    public char separator() {
        return separator;
    }

    /** @return the separator between steps in the path column */
    public String pathSeparator() {
        return pathSeparator;
    }

    /** @return the path column's name */
    public String pathColumn() {
        return pathColumn;
    }

    /** @return the conversions column's name */
    public String conversionsColumn() {
        return conversionsColumn;
    }

    /** @return the value column's name, empty when the table has none */
    public String valueColumn() {
        return valueColumn;
    }

    /** @return the nulls column's name, empty when the table has none */
    public String nullsColumn() {
        return nullsColumn;
    }

    /** @return the direct channel's name */
    public String directChannel() {
        return directChannel;
    }

    /** Collects a format; not thread-safe; each setter validates. */
    public static final class Builder {
        private char separator = ',';
        private String pathSeparator = ">";
        private String pathColumn = "path";
        private String conversionsColumn = "total_conversions";
        private String valueColumn = "total_conversion_value";
        private String nullsColumn = "total_null";
        private String directChannel = "direct";

        private Builder() {
        }

        /**
         * @param value the field separator; not a quote, CR, LF or a surrogate (half a character)
         * @return this builder
         */
        public Builder separator(char value) {
            if (value == '"' || value == '\n' || value == '\r') {
                throw new IllegalArgumentException("separator must not be a quote or line break, was '"
                        + (value == '"' ? "\"" : "\\n") + "'");
            }
            if (Character.isSurrogate(value)) {
                throw new IllegalArgumentException("separator must not be a surrogate, was U+"
                        + Integer.toHexString(value).toUpperCase(Locale.ROOT));
            }
            this.separator = value;
            return this;
        }

        /**
         * @param value the step separator, non-blank, without an unpaired surrogate (which has no
         *     UTF-8 form, so the byte parser could not split on it)
         * @return this builder
         */
        public Builder pathSeparator(String value) {
            String v = nonBlank("pathSeparator", value);
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                boolean paired = Character.isHighSurrogate(c) && i + 1 < v.length()
                        && Character.isLowSurrogate(v.charAt(i + 1));
                if (paired) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw new IllegalArgumentException("pathSeparator must not hold an unpaired surrogate, was U+"
                            + Integer.toHexString(c).toUpperCase(Locale.ROOT) + " at index " + i);
                }
            }
            this.pathSeparator = v;
            return this;
        }

        /**
         * @param value the path column, non-blank
         * @return this builder
         */
        public Builder pathColumn(String value) {
            this.pathColumn = nonBlank("pathColumn", value);
            return this;
        }

        /**
         * @param value the conversions column, non-blank
         * @return this builder
         */
        public Builder conversionsColumn(String value) {
            this.conversionsColumn = nonBlank("conversionsColumn", value);
            return this;
        }

        /**
         * @param value the value column, or empty for none
         * @return this builder
         */
        public Builder valueColumn(String value) {
            this.valueColumn = Objects.requireNonNull(value, "valueColumn").trim();
            return this;
        }

        /**
         * @param value the nulls column, or empty for none
         * @return this builder
         */
        public Builder nullsColumn(String value) {
            this.nullsColumn = Objects.requireNonNull(value, "nullsColumn").trim();
            return this;
        }

        /**
         * @param value the direct channel's name, non-blank
         * @return this builder
         */
        public Builder directChannel(String value) {
            this.directChannel = nonBlank("directChannel", value);
            return this;
        }

        /**
         * @return the format
         * @throws IllegalArgumentException naming both settings and the name when one column is
         *     given two roles (path, conversions, value, nulls; an empty value or nulls column is none)
         */
        public PathTableFormat build() {
            String[] names = {"pathColumn", "conversionsColumn", "valueColumn", "nullsColumn"};
            String[] columns = {pathColumn, conversionsColumn, valueColumn, nullsColumn};
            for (int i = 0; i < columns.length; i++) {
                for (int j = 0; j < i; j++) {
                    if (!columns[i].isEmpty() && columns[i].equals(columns[j])) {
                        throw new IllegalArgumentException(names[i] + " must differ from " + names[j]
                                + ", both were \"" + columns[i] + "\"");
                    }
                }
            }
            return new PathTableFormat(this);
        }

        private static String nonBlank(String field, String value) {
            return Checks.nonBlank(field, value);
        }
    }
}
