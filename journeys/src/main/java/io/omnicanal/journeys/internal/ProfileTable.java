package io.omnicanal.journeys.internal;

import java.util.Arrays;

/**
 * Every per-profile fact the hot path reads, packed into one record of {@code stride} ints per dense profile
 * index: key, head of the stay list, last marketing send and its journey family, consent bits, reachability
 * bits, preferred channel, zone index, engagement counters per channel, the journey families it has stays in
 * (a bit mask: most events then need not walk the stays at all), then the frequency-cap rings of the
 * {@link CapLedger}. Not thread-safe.
 *
 * <p>Design note: at a million profiles every first touch of a profile is a cache miss. With one array per
 * fact (the previous layout) an event that delivers a message touched about ten arrays for the same profile,
 * each a miss; packed, the record is 64 bytes for the benchmark's two caps and costs one or two misses.
 */
final class ProfileTable {
    private static final int KEY = 0;
    private static final int HEAD = 2;
    private static final int LAST_FAM = 3;
    private static final int CONSENT = 4;
    private static final int LAST_MKT = 6;
    /** reach (bits 0-7) | preferred channel + 1 (bits 8-15) | zone (bits 16-31). */
    private static final int MISC = 8;
    private static final int ENGAGE = 9;
    /** Bit f (f < 31) set when the profile has a stay in journey family f; bit 31 for any family >= 31. */
    private static final int FAMS = 11;
    /** Ints before the cap rings. */
    static final int HEADER = 12;
    /**
     * Ints before record 0: with the array's 16-byte header, records start 64 bytes into the array, so that with
     * a 64-byte record (the benchmark's two caps) and an array that starts on a cache line (G1 places large
     * arrays at the start of a region) every record is one cache line instead of straddling two.
     */
    static final int ORIGIN = 12;

    final CapLedger caps;
    final int stride;
    int[] rec;

    ProfileTable(CapLedger caps, int profiles) {
        this.caps = caps;
        this.stride = HEADER + caps.stride;
        rec = new int[ORIGIN + profiles * stride];
    }

    /** Number of profile slots. */
    int capacity() {
        return (rec.length - ORIGIN) / stride;
    }

    /** Grows to {@code profiles} slots. */
    void grow(int profiles) {
        if (profiles > capacity()) {
            rec = Arrays.copyOf(rec, ORIGIN + Math.multiplyExact(profiles, stride));
        }
    }

    private int at(int p) {
        return ORIGIN + p * stride;
    }

    /** Offset of p's record. */
    int base(int p) {
        return at(p);
    }

    /** Sets p to a fresh profile with {@code key}: no stays, no facts, empty cap rings. */
    void reset(int p, long key) {
        int b = at(p);
        Arrays.fill(rec, b, b + HEADER, 0);
        setLong(b + KEY, key);
        rec[b + HEAD] = -1;
        rec[b + LAST_FAM] = -1;
        setLong(b + LAST_MKT, JourneyRuntime.NONE);
        caps.reset(rec, b + HEADER);
    }

    private long getLong(int i) {
        return IntWords.getLong(rec, i);
    }

    private void setLong(int i, long v) {
        IntWords.setLong(rec, i, v);
    }

    long key(int p) {
        return getLong(at(p) + KEY);
    }

    int head(int p) {
        return rec[at(p) + HEAD];
    }

    void setHead(int p, int v) {
        rec[at(p) + HEAD] = v;
    }

    int lastFam(int p) {
        return rec[at(p) + LAST_FAM];
    }

    void setLastFam(int p, int v) {
        rec[at(p) + LAST_FAM] = v;
    }

    long consent(int p) {
        return getLong(at(p) + CONSENT);
    }

    void setConsent(int p, long v) {
        setLong(at(p) + CONSENT, v);
    }

    long lastMkt(int p) {
        return getLong(at(p) + LAST_MKT);
    }

    void setLastMkt(int p, long v) {
        setLong(at(p) + LAST_MKT, v);
    }

    /** Reachability bits, one per channel ordinal. */
    int reach(int p) {
        return rec[at(p) + MISC] & 0xFF;
    }

    void setReach(int p, int bits) {
        int i = at(p) + MISC;
        rec[i] = (rec[i] & ~0xFF) | (bits & 0xFF);
    }

    /** Preferred channel ordinal, -1 when none. */
    int pref(int p) {
        return ((rec[at(p) + MISC] >>> 8) & 0xFF) - 1;
    }

    void setPref(int p, int channel) {
        int i = at(p) + MISC;
        rec[i] = (rec[i] & ~0xFF00) | (((channel + 1) & 0xFF) << 8);
    }

    /** Zone index (0 = the brand's zone). */
    int zone(int p) {
        return rec[at(p) + MISC] >>> 16;
    }

    void setZone(int p, int zone) {
        int i = at(p) + MISC;
        rec[i] = (rec[i] & 0xFFFF) | (zone << 16);
    }

    /** Engagement counter (0-127) of channel c. */
    int engage(int p, int c) {
        return (rec[at(p) + ENGAGE + (c >>> 2)] >>> ((c & 3) * 8)) & 0xFF;
    }

    void setEngage(int p, int c, int v) {
        int i = at(p) + ENGAGE + (c >>> 2);
        int shift = (c & 3) * 8;
        rec[i] = (rec[i] & ~(0xFF << shift)) | ((v & 0xFF) << shift);
    }

    /** The family mask: bit {@link #famBit}(f) is set when p has a stay in family f. */
    int fams(int p) {
        return rec[at(p) + FAMS];
    }

    void setFams(int p, int mask) {
        rec[at(p) + FAMS] = mask;
    }

    /** The mask bit of journey family f; families from 31 on share bit 31. */
    static int famBit(int f) {
        return f < 31 ? 1 << f : 1 << 31;
    }

    /** Offset of p's cap rings in {@link #rec}. */
    int capBase(int p) {
        return at(p) + HEADER;
    }
}
