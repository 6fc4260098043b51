package io.omnicanal.attribution.internal;

/**
 * Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates (U+D800 to U+DFFF), nothing
 * above U+10FFFF, no stray continuation byte, no truncated sequence. Stateless.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** The index of the first byte of {@code b[from, to)} that starts no valid sequence, or -1. */
    public static int firstInvalid(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            int n;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                if (c == 0xE0) {
                    lo = 0xA0; // overlong below U+0800
                } else if (c == 0xED) {
                    hi = 0x9F; // surrogates
                }
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                if (c == 0xF0) {
                    lo = 0x90; // overlong below U+10000
                } else if (c == 0xF4) {
                    hi = 0x8F; // above U+10FFFF
                }
            } else {
                return i; // continuation byte, C0/C1 overlong lead, or F5-FF
            }
            if (i + n >= to) {
                return i; // truncated
            }
            int second = b[i + 1] & 0xFF;
            if (second < lo || second > hi) {
                return i;
            }
            for (int k = 2; k <= n; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += n + 1;
        }
        return -1;
    }
}
