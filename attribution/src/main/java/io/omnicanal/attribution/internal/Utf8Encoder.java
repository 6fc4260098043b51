package io.omnicanal.attribution.internal;

import java.io.IOException;
import java.io.Reader;

/**
 * A {@link Reader}'s chars as UTF-8 bytes, encoded a chunk at a time (8,192 chars read, then as
 * many bytes as the caller has room for): a run of ASCII chars is copied one byte each in a tight
 * loop, a surrogate pair becomes one four-byte sequence (a pair split across two reads of the
 * {@code Reader} included). An unpaired surrogate is encoded as its own three bytes
 * ({@code ED A0..BF xx}), which is no valid UTF-8: the strict validation of {@link PathTableBytes}
 * then refuses it where it stands, naming the line and column, instead of this class failing
 * without knowing either. Not thread-safe.
 */
final class Utf8Encoder implements ByteSource {
    private final Reader in;
    private final char[] chars = new char[8192];
    private int at;
    private int limit;
    private boolean eof;

    Utf8Encoder(Reader in) {
        this.in = in;
    }

    @Override
    public boolean encodesChars() {
        return true;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int o = off;
        int end = off + len;
        int room = end - 3; // a char's bytes (a pair's four) fit while o < room
        while (o < room) {
            if (at == limit && !fill()) {
                break;
            }
            char c = chars[at];
            if (c < 0x80) {
                int n = Math.min(limit - at, end - o);
                int k = 0;
                while (k < n) {
                    char ascii = chars[at + k];
                    if (ascii >= 0x80) {
                        break;
                    }
                    b[o + k] = (byte) ascii;
                    k++;
                }
                at += k;
                o += k;
                continue;
            }
            if (c < 0x800) {
                b[o++] = (byte) (0xC0 | c >> 6);
                b[o++] = (byte) (0x80 | c & 0x3F);
                at++;
                continue;
            }
            if (Character.isHighSurrogate(c)) {
                if (at + 1 == limit) {
                    fill(); // keeps c, reads what follows it
                }
                if (at + 1 < limit && Character.isLowSurrogate(chars[at + 1])) {
                    int cp = Character.toCodePoint(c, chars[at + 1]);
                    b[o++] = (byte) (0xF0 | cp >> 18);
                    b[o++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    b[o++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    b[o++] = (byte) (0x80 | cp & 0x3F);
                    at += 2;
                    continue;
                }
            }
            // any other char of the BMP, and an unpaired surrogate (which the parser refuses)
            b[o++] = (byte) (0xE0 | c >> 12);
            b[o++] = (byte) (0x80 | c >> 6 & 0x3F);
            b[o++] = (byte) (0x80 | c & 0x3F);
            at++;
        }
        return o == off && at == limit && eof ? -1 : o - off;
    }

    /** Moves the unread chars to the front and reads more; false at the end of the input. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int kept = limit - at;
        System.arraycopy(chars, at, chars, 0, kept);
        at = 0;
        limit = kept;
        int n;
        do {
            n = in.read(chars, limit, chars.length - limit);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }
}
