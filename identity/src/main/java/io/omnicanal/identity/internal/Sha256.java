package io.omnicanal.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 hex digests. Thread-safe (one digest per thread). */
public final class Sha256 {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /**
     * Returns the lower-case hex SHA-256 of the UTF-8 bytes of {@code text}.
     *
     * @param text the text, never null
     * @return 64 lower-case hex digits
     */
    public static String hex(String text) {
        return toHex(digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Returns the SHA-256 of the bytes.
     *
     * @param bytes the input, never null
     * @return the 32-byte digest
     */
    public static byte[] digest(byte[] bytes) {
        MessageDigest md = DIGEST.get();
        md.reset();
        return md.digest(bytes);
    }

    /**
     * Encodes bytes as lower-case hex.
     *
     * @param bytes the bytes
     * @return the hex text
     */
    public static String toHex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }

    /**
     * Checks that {@code value} is 64 hex digits and returns it lower-cased.
     *
     * @param value the candidate, never null
     * @return the lower-case form, or null when it is not a SHA-256 hex digest
     */
    public static String canonicalHex(String value) {
        if (value.length() != 64) {
            return null;
        }
        char[] out = new char[64];
        for (int i = 0; i < 64; i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
                out[i] = c;
            } else if (c >= 'A' && c <= 'F') {
                out[i] = (char) (c + ('a' - 'A'));
            } else {
                return null;
            }
        }
        return new String(out);
    }
}
