package io.omnicanal.attribution.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * Where {@link PathTableBytes} pulls its bytes from: a stream of UTF-8 bytes, or a {@link Reader}
 * whose chars are encoded to UTF-8 on the way ({@link #utf8(Reader)}), so that one parser serves
 * both forms. Not thread-safe.
 */
public interface ByteSource {
    /**
     * Reads at most {@code len} bytes into {@code b[off, off + len)}.
     *
     * @param len at least 4 (room for the longest UTF-8 sequence)
     * @return the number of bytes read, or -1 at the end of the input
     * @throws IOException when the underlying input fails
     */
    int read(byte[] b, int off, int len) throws IOException;

    /**
     * Whether the bytes are chars encoded by {@link #utf8(Reader)}: then a malformed sequence can
     * only be an unpaired surrogate, and messages say so.
     */
    default boolean encodesChars() {
        return false;
    }

    /** The bytes of {@code in}, as they are. */
    static ByteSource of(InputStream in) {
        return in::read;
    }

    /** The chars of {@code in} encoded to UTF-8 in chunks (see {@link Utf8Encoder}). */
    static ByteSource utf8(Reader in) {
        return new Utf8Encoder(in);
    }
}
