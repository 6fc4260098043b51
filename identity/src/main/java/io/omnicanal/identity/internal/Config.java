package io.omnicanal.identity.internal;

import io.omnicanal.identity.Destination;
import io.omnicanal.identity.IdentifierType;
import io.omnicanal.identity.Normalizer;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The resolved, immutable configuration of a graph: per type index its normaliser, priority,
 * limit, window, hashing and block list; plus the graph-wide settings. Built by
 * {@code IdentityGraph.Builder}. Thread-safe (immutable).
 */
public final class Config {

    /** Values refused for every type when the default block list is on (compared lower-cased). */
    public static final Set<String> DEFAULT_JUNK = Set.of("null", "nil", "none", "undefined", "unknown",
            "anonymous", "n/a", "na", "-1", "0", "test", "test@test.com", "noemail@noemail.com",
            "no@email.com", "example@example.com", "email@example.com", "none@none.com");

    public final IdentifierType[] types;
    public final String[] typeNames;
    public final Normalizer[] normalizers;
    public final int[] priority;
    public final int[] limit;
    public final long[] windowNanos;
    public final boolean[] hashed;
    public final Destination[] destination;
    public final Set<String>[] blocked;
    public final Pattern[][] blockPatterns;
    /**
     * Per hashed type, the stored (SHA-256) forms of its exact blocked values and, when the default list is on,
     * of the default junk values: a digest handed over by an ad platform is refused like the plain value.
     * Empty for other types. Patterns cannot apply to digests.
     */
    private final Set<String>[] blockedDigests;
    public final boolean blockDefaults;
    public final int maxProfileSize;
    public final long keySeed;
    public final boolean refuseErased;
    public final byte[] tombstoneSalt;
    /** Identifiers to pre-size for. */
    public final int expectedIdentifiers;
    /** Links to pre-size for. */
    public final int expectedLinks;
    public final boolean anyLimit;
    private static final String JUNK_FIRST = DEFAULT_JUNK.stream().map(v -> v.substring(0, 1)).distinct()
            .reduce("", String::concat);
    private static final String[][] JUNK_BY_LENGTH = junkByLength();
    private final int maxJunkLength = DEFAULT_JUNK.stream().mapToInt(String::length).max().orElse(0);
    private final Object2IntOpenHashMap<IdentifierType> index = new Object2IntOpenHashMap<>();

    private static String[][] junkByLength() {
        int max = DEFAULT_JUNK.stream().mapToInt(String::length).max().orElse(0);
        String[][] out = new String[max + 1][];
        for (int n = 0; n <= max; n++) {
            int len = n;
            out[n] = DEFAULT_JUNK.stream().filter(j -> j.length() == len).sorted().toArray(String[]::new);
        }
        return out;
    }

    /**
     * @param types types by index
     * @param normalizers normaliser per type
     * @param priority priority per type (higher binds more)
     * @param limit most identifiers of the type per profile, 0 for no limit
     * @param windowNanos window of the limit in nanoseconds, 0 for ever
     * @param hashed whether the type is stored as SHA-256
     * @param destination destination normal form used before hashing, may hold nulls
     * @param blocked exact blocked normalised values per type
     * @param blockPatterns blocked patterns per type
     * @param blockDefaults whether the default junk list applies
     * @param maxProfileSize largest profile allowed (hub guard)
     * @param keySeed key seed
     * @param refuseErased whether tombstoned values are refused on re-ingest
     * @param tombstoneSalt salt of tombstone hashes
     * @param expectedIdentifiers identifiers to pre-size for
     * @param expectedLinks links to pre-size for
     */
    public Config(IdentifierType[] types, Normalizer[] normalizers, int[] priority, int[] limit, long[] windowNanos,
            boolean[] hashed, Destination[] destination, Set<String>[] blocked, Pattern[][] blockPatterns,
            boolean blockDefaults, int maxProfileSize, long keySeed, boolean refuseErased, byte[] tombstoneSalt,
            int expectedIdentifiers, int expectedLinks) {
        this.expectedIdentifiers = expectedIdentifiers;
        this.expectedLinks = expectedLinks;
        this.types = types.clone();
        this.typeNames = Arrays.stream(types).map(IdentifierType::name).toArray(String[]::new);
        this.normalizers = normalizers.clone();
        this.priority = priority.clone();
        this.limit = limit.clone();
        this.windowNanos = windowNanos.clone();
        this.hashed = hashed.clone();
        this.destination = destination.clone();
        this.blocked = blocked.clone();
        this.blockPatterns = blockPatterns.clone();
        this.blockDefaults = blockDefaults;
        this.maxProfileSize = maxProfileSize;
        this.keySeed = keySeed;
        this.refuseErased = refuseErased;
        this.tombstoneSalt = tombstoneSalt.clone();
        this.anyLimit = Arrays.stream(limit).anyMatch(l -> l > 0);
        this.blockedDigests = blockedDigests();
        index.defaultReturnValue(-1);
        for (int i = 0; i < types.length; i++) {
            index.put(types[i], i);
        }
    }

    @SuppressWarnings("unchecked")
    private Set<String>[] blockedDigests() {
        Set<String>[] out = (Set<String>[]) new Set<?>[types.length];
        for (int i = 0; i < types.length; i++) {
            Set<String> digests = new HashSet<>();
            if (hashed[i]) {
                List<String> values = new ArrayList<>(blocked[i]);
                if (blockDefaults) {
                    values.addAll(DEFAULT_JUNK);
                }
                for (String v : values) {
                    try {
                        digests.add(Sha256.hex(destination[i] == null ? v : destination[i].fromNormalized(types[i], v)));
                    } catch (RuntimeException notOfThisType) {
                        // a junk value the destination cannot read as this type (e.g. "0" as an email) never
                        // matches a digest of it either
                    }
                }
            }
            out[i] = Set.copyOf(digests);
        }
        return out;
    }

    /**
     * @param ti type index
     * @param digest a stored SHA-256 value of a hashed type
     * @return whether it is the digest of a blocked or default junk value
     */
    public boolean isBlockedDigest(int ti, String digest) {
        return !blockedDigests[ti].isEmpty() && blockedDigests[ti].contains(digest);
    }

    /** @param type a type @return its index, or -1 when the graph does not know it */
    public int indexOf(IdentifierType type) {
        return index.getInt(type);
    }

    /** @param ti type index @param normalized normalised value @return whether it is blocked */
    public boolean isBlocked(int ti, String normalized) {
        // an empty set would still hash the value (a pass over a string the graph never hashes otherwise)
        if (!blocked[ti].isEmpty() && blocked[ti].contains(normalized)) {
            return true;
        }
        for (Pattern p : blockPatterns[ti]) {
            if (p.matcher(normalized).matches()) {
                return true;
            }
        }
        if (blockDefaults) {
            // cheap pre-filter on length and first letter before the set lookup (measured: the
            // lookup and its lower-casing were 6% of ingest time on the benchmark data)
            if (normalized.length() <= maxJunkLength && JUNK_FIRST.indexOf(Character.toLowerCase(normalized.charAt(0))) >= 0
                    && isDefaultJunk(normalized)) {
                return true;
            }
            return zerosAndDashes(normalized) || oneRepeatedDigit(normalized);
        }
        return false;
    }

    /**
     * Whether the lower-cased value (Locale.ROOT) is in {@link #DEFAULT_JUNK}. ASCII values are
     * compared with ASCII case folding against the junk values of their length, without
     * allocating (measured: the lower-casing was 3% of ingest time); others take the exact
     * path.
     */
    static boolean isDefaultJunk(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return DEFAULT_JUNK.contains(s.toLowerCase(Locale.ROOT));
            }
        }
        if (n >= JUNK_BY_LENGTH.length) {
            return false;
        }
        for (String junk : JUNK_BY_LENGTH[n]) {
            boolean same = true;
            for (int i = 0; i < n && same; i++) {
                char c = s.charAt(i);
                same = (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) == junk.charAt(i);
            }
            if (same) {
                return true;
            }
        }
        return false;
    }

    /** All characters are '0' or '-' (nil UUIDs, "000-000"). Allocation-free. */
    static boolean zerosAndDashes(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '0' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** An optional '+' then one digit repeated six or more times ("+1111111111"). Allocation-free. */
    static boolean oneRepeatedDigit(String s) {
        int from = s.startsWith("+") ? 1 : 0;
        if (s.length() - from < 6) {
            return false;
        }
        char d = s.charAt(from);
        if (d < '0' || d > '9') {
            return false;
        }
        for (int i = from + 1; i < s.length(); i++) {
            if (s.charAt(i) != d) {
                return false;
            }
        }
        return true;
    }

    /**
     * A 64-bit fingerprint of the tombstone salt: the first eight bytes of the SHA-256 of a
     * fixed label and the salt. A snapshot or shard carries it so that tombstones made with
     * another salt (which could never match again, and would silently stop refusing erased
     * values) are refused; the salt itself is never written.
     *
     * @return the fingerprint
     */
    public long saltFingerprint() {
        byte[] label = "omnicanal/tombstone-salt\u0000".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(label, label.length + tombstoneSalt.length);
        System.arraycopy(tombstoneSalt, 0, all, label.length, tombstoneSalt.length);
        return java.nio.ByteBuffer.wrap(Sha256.digest(all)).getLong();
    }

    /**
     * A description of what makes stored values and keys comparable between graphs: the key
     * seed, per type its name and hashing mode, and whether emails follow the Gmail rules.
     *
     * @return the fingerprint text
     */
    public String compatibility() {
        int email = indexOf(IdentifierType.EMAIL);
        boolean gmail = email >= 0 && normalizers[email] instanceof EmailNormalizer en && en.gmailRules();
        return legacyCompatibility() + ";" + EMAIL_RULES + (gmail ? "gmail" : "plain");
    }

    /** Marks a {@link #compatibility()} text that records the email normalisation (snapshots since session 8). */
    public static final String EMAIL_RULES = "email-rules=";

    /**
     * {@link #compatibility()} as written before it recorded the email normalisation: still
     * accepted from data that records none, whose values are then each checked against this
     * graph's normal forms.
     *
     * @return the fingerprint text without the email rules
     */
    public String legacyCompatibility() {
        StringBuilder sb = new StringBuilder("seed=").append(Long.toHexString(keySeed));
        String[] sorted = typeNames.clone();
        Arrays.sort(sorted);
        for (String name : sorted) {
            int i = indexOf(IdentifierType.of(name));
            sb.append(';').append(name).append(hashed[i] ? "#sha256" : "")
                    .append(destination[i] == null ? "" : "/" + destination[i]);
        }
        return sb.toString();
    }
}
