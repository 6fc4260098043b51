package io.omnicanal.attribution;

import io.omnicanal.attribution.internal.Checks;
import io.omnicanal.attribution.internal.NameTable;
import it.unimi.dsi.fastutil.longs.LongArrays;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Touchpoints held as primitive columns, for callers whose touches already sit in columns (a
 * Parquet or Arrow batch, a columnar export, arrays of their own): profile key, time, and the
 * channel, campaign, device and kind as dense ids into dictionaries interned once. No object is
 * made per touch, and {@link PathBuilder} cuts paths from the columns without hashing a string
 * per touch.
 *
 * <p>The columns are kept sorted by (profile key, time), touches of equal key and time in the
 * order they were added, which is the order {@link PathBuilder} gives touches of equal time
 * whatever the input: the paths built from a {@code TouchColumns} are those built from the same
 * touches as {@link Touchpoint} objects in the order added. {@link Builder#build()} sorts when
 * the touches were not added in that order (a radix sort, O(n)).
 *
 * <p>The columns carry no per-touch cost (a {@link Touchpoint#cost()} is not kept by
 * {@link #of(Collection)}): costs go to {@link AttributionReport.Builder#touchpointCosts}.
 *
 * <p>Immutable and thread-safe (the arrays given to {@link #wrap} are shared: the caller must not
 * change them while the columns are in use). Memory: 32 bytes a touch from the builder (two
 * {@code long} and four {@code int} columns), 20 from {@link #wrap} (the caller's arrays, not
 * copied when sorted), plus the dictionaries; a sort takes a further 40 bytes a touch for a moment.
 */
public final class TouchColumns {
    private final int size;
    private final long[] profile;
    /** Times in {@link #unit} since the epoch; times {@link #perUnit} fits a {@code long} for each. */
    private final long[] time;
    private final TimeUnit unit;
    private final long perUnit;
    private final int[] channel;
    private final int[] campaign; // null: all 0
    private final int[] device; // null: all 0
    private final int[] kind; // null: all 0
    private final List<String> channels;
    private final List<String> campaigns;
    private final List<String> devices;
    private final List<String> kinds;

    private TouchColumns(int size, long[] profile, long[] time, TimeUnit unit, int[] channel, int[] campaign,
                         int[] device, int[] kind, List<String> channels, List<String> campaigns, List<String> devices,
                         List<String> kinds) {
        this.size = size;
        this.unit = unit;
        this.perUnit = unit.toNanos(1);
        this.channels = channels;
        this.campaigns = campaigns;
        this.devices = devices;
        this.kinds = kinds;
        long[] p = profile;
        long[] t = time;
        int[] order = null;
        if (!sorted(profile, time, size)) {
            // lexicographic on (profile, time, index): the index makes the sort stable
            p = Arrays.copyOf(profile, size);
            t = Arrays.copyOf(time, size);
            long[] index = new long[size];
            for (int i = 0; i < size; i++) {
                index[i] = i;
            }
            LongArrays.radixSort(new long[][] {p, t, index});
            order = new int[size];
            for (int i = 0; i < size; i++) {
                order[i] = (int) index[i];
            }
        }
        this.profile = p;
        this.time = t;
        this.channel = permuted(channel, order, size);
        this.campaign = permuted(campaign, order, size);
        this.device = permuted(device, order, size);
        this.kind = permuted(kind, order, size);
    }

    private static boolean sorted(long[] profile, long[] time, int size) {
        for (int i = 1; i < size; i++) {
            long a = profile[i - 1];
            long b = profile[i];
            if (a > b || (a == b && time[i - 1] > time[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Columns over the caller's own arrays, without copying them when they are sorted by (profile
     * key, time) already (one pass checks it); otherwise sorted copies, ties in array order. The
     * arrays are shared, not copied: the caller must not change them while the columns are in use.
     * Touches carry no campaign, device or kind (use the {@link #builder()} for those).
     *
     * @param profile the profile key of each touch, not null
     * @param time the time of each touch in {@code unit} since 1970-01-01T00:00Z, as many as profiles
     * @param unit {@code NANOSECONDS}, {@code MICROSECONDS}, {@code MILLISECONDS} or {@code SECONDS}
     * @param channel the channel of each touch as an index into {@code channelNames}, as many as profiles
     * @param channelNames the channel names, non-blank and distinct, not null
     * @return the columns
     * @throws IllegalArgumentException naming the array, index and value when the lengths differ, a
     *     channel id is out of range, a time is outside years 1678 to 2262, or a name is blank or
     *     repeated
     */
    public static TouchColumns wrap(long[] profile, long[] time, TimeUnit unit, int[] channel,
                                    List<String> channelNames) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(time, "time");
        long perUnit = checkUnit(unit);
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(channelNames, "channelNames");
        int n = profile.length;
        if (time.length != n) {
            throw new IllegalArgumentException("time.length must equal profile.length " + n + ", was " + time.length);
        }
        if (channel.length != n) {
            throw new IllegalArgumentException("channel.length must equal profile.length " + n + ", was "
                    + channel.length);
        }
        List<String> names = List.copyOf(channelNames);
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (int c = 0; c < names.size(); c++) {
            Checks.nonBlank("channelNames[" + c + "]", names.get(c));
            if (!distinct.add(names.get(c))) {
                throw new IllegalArgumentException("channelNames[" + c + "]: \"" + names.get(c) + "\" is repeated");
            }
        }
        int channels = names.size();
        long minTime = Long.MAX_VALUE;
        long maxTime = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            int c = channel[i];
            if (c < 0 || c >= channels) {
                throw new IllegalArgumentException("channel[" + i + "]: unknown channel id " + c + " (" + channels
                        + " names)");
            }
            long t = time[i];
            minTime = Math.min(minTime, t);
            maxTime = Math.max(maxTime, t);
        }
        if (n > 0 && (!fits(minTime, perUnit) || !fits(maxTime, perUnit))) {
            for (int i = 0; i < n; i++) {
                if (!fits(time[i], perUnit)) {
                    throw outOfRange("time[" + i + "]", time[i], unit, null);
                }
            }
        }
        return new TouchColumns(n, profile, time, unit, channel, null, null, null, names, List.of(""), List.of(""),
                List.of(""));
    }

    private static boolean fits(long time, long perUnit) {
        long hi = Math.multiplyHigh(time, perUnit);
        long lo = time * perUnit;
        return (hi == 0 && lo >= 0) || (hi == -1 && lo < 0);
    }

    private static IllegalArgumentException outOfRange(String field, long time, TimeUnit unit, Throwable cause) {
        return new IllegalArgumentException(field + ": " + time + " " + unit
                + " since the epoch is outside the supported range (years 1678 to 2262)", cause);
    }

    private static long checkUnit(TimeUnit value) {
        Objects.requireNonNull(value, "timeUnit");
        if (value.compareTo(TimeUnit.SECONDS) > 0) {
            throw new IllegalArgumentException("timeUnit must be NANOSECONDS, MICROSECONDS, MILLISECONDS or SECONDS,"
                    + " was " + value);
        }
        return value.toNanos(1);
    }

    /**
     * A new builder whose times are in milliseconds since the epoch (see {@link Builder#timeUnit}).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The columns of these touches (their costs are not kept), in the order given for equal
     * profile key and time.
     *
     * @param touchpoints the touches, no null element
     * @return the columns
     * @throws NullPointerException naming the index of a null element
     * @throws IllegalArgumentException naming the element when its time is outside years 1678 to 2262
     */
    public static TouchColumns of(Collection<Touchpoint> touchpoints) {
        Objects.requireNonNull(touchpoints, "touchpoints");
        Builder b = builder().timeUnit(TimeUnit.NANOSECONDS).expectedSize(touchpoints.size());
        for (Touchpoint t : touchpoints) {
            if (t == null) {
                throw new NullPointerException("touchpoints[" + b.size + "] is null");
            }
            b.add(t);
        }
        return b.build();
    }

    /** @return the number of touches */
    public int size() {
        return size;
    }

    /**
     * @param i the row, {@code 0 <= i < size()}, in (profile, time) order
     * @return the profile key of touch {@code i}
     */
    public long profile(int i) {
        return profile[i];
    }

    /**
     * @param i the row
     * @return the time of touch {@code i} in nanoseconds since the epoch
     */
    public long epochNanos(int i) {
        return time[i] * perUnit; // checked to fit when added
    }

    /** @return the unit of {@link #epochTime(int)} */
    public TimeUnit timeUnit() {
        return unit;
    }

    /**
     * @param i the row
     * @return the time of touch {@code i} in {@link #timeUnit()} since the epoch, as given
     */
    public long epochTime(int i) {
        return time[i];
    }

    /**
     * @param i the row
     * @return the time of touch {@code i}
     */
    public Instant time(int i) {
        long nanos = epochNanos(i);
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /**
     * @param i the row
     * @return the channel id of touch {@code i}: an index into {@link #channels()}
     */
    public int channelId(int i) {
        return channel[i];
    }

    /**
     * @param i the row
     * @return the campaign id of touch {@code i}: an index into {@link #campaigns()}
     */
    public int campaignId(int i) {
        return campaign == null ? 0 : campaign[i];
    }

    /**
     * @param i the row
     * @return the device id of touch {@code i}: an index into {@link #devices()}
     */
    public int deviceId(int i) {
        return device == null ? 0 : device[i];
    }

    /**
     * @param i the row
     * @return the kind id of touch {@code i}: an index into {@link #kinds()}
     */
    public int kindId(int i) {
        return kind == null ? 0 : kind[i];
    }

    /**
     * The id of touch {@code i} in the dictionary of {@code dimension}.
     *
     * @param dimension the dimension, not null
     * @param i the row
     * @return an index into {@link #names(Dimension)}
     */
    public int id(Dimension dimension, int i) {
        return switch (dimension) {
            case CHANNEL -> channel[i];
            case CAMPAIGN -> campaignId(i);
            case DEVICE -> deviceId(i);
        };
    }

    /**
     * The dictionary of a dimension.
     *
     * @param dimension the dimension, not null
     * @return {@link #channels()}, {@link #campaigns()} or {@link #devices()}
     */
    public List<String> names(Dimension dimension) {
        return switch (dimension) {
            case CHANNEL -> channels;
            case CAMPAIGN -> campaigns;
            case DEVICE -> devices;
        };
    }

    /** @return the channel names by id, in the order they were interned; unmodifiable */
    public List<String> channels() {
        return channels;
    }

    /** @return the campaign names by id ({@code ""}, no campaign, is id 0); unmodifiable */
    public List<String> campaigns() {
        return campaigns;
    }

    /** @return the device names by id ({@code ""}, unknown, is id 0); unmodifiable */
    public List<String> devices() {
        return devices;
    }

    /** @return the kind names by id ({@code ""}, unknown, is id 0); unmodifiable */
    public List<String> kinds() {
        return kinds;
    }

    /**
     * Touch {@code i} as an object (cost 0).
     *
     * @param i the row
     * @return the touchpoint
     */
    public Touchpoint touchpoint(int i) {
        return new Touchpoint(profile[i], time(i), channels.get(channel[i]), campaigns.get(campaignId(i)),
                devices.get(deviceId(i)), kinds.get(kindId(i)), 0);
    }

    private static int[] permuted(int[] column, int[] order, int size) {
        if (column == null) {
            return null;
        }
        if (order == null) {
            return column.length == size ? column : Arrays.copyOf(column, size);
        }
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = column[order[i]];
        }
        return out;
    }

    /**
     * Fills the columns touch by touch: intern each name once ({@link #channel(String)} and the
     * like give its id), then {@link #add(long, long, int, int, int, int)} per touch with ids. Each
     * call validates its arguments before changing anything, naming the field and the value.
     * Not thread-safe; {@link #build()} may be called once.
     */
    public static final class Builder {
        private TimeUnit unit = TimeUnit.MILLISECONDS;
        private long perUnit = 1_000_000L;
        private int size;
        private long[] profile = new long[16];
        private long[] time = new long[16];
        private int[] channel = new int[16];
        private int[] campaign = new int[16];
        private int[] device = new int[16];
        private int[] kind = new int[16];
        private boolean built;
        private final NameTable channels = new NameTable();
        private final NameTable campaigns = new NameTable();
        private final NameTable devices = new NameTable();
        private final NameTable kinds = new NameTable();

        private Builder() {
            campaigns.id("");
            devices.id("");
            kinds.id("");
        }

        /**
         * The unit of the times given to {@code add}, counted from 1970-01-01T00:00Z; only before
         * the first touch is added.
         *
         * @param value {@code NANOSECONDS}, {@code MICROSECONDS}, {@code MILLISECONDS} (the default) or {@code SECONDS}
         * @return this builder
         * @throws IllegalArgumentException naming the value when it is another unit
         * @throws IllegalStateException when touches were added already
         */
        public Builder timeUnit(TimeUnit value) {
            long p = checkUnit(value);
            if (size > 0) {
                throw new IllegalStateException("timeUnit: " + size + " touches were added already in " + unit);
            }
            unit = value;
            perUnit = p;
            return this;
        }

        /**
         * Reserves room for this many touches in all, so that the columns do not regrow.
         *
         * @param value the expected number of touches, {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException naming the value when it is negative
         */
        public Builder expectedSize(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("expectedSize must be >= 0, was " + value);
            }
            if (value > profile.length) {
                resize(value);
            }
            return this;
        }

        /**
         * @param name a channel name, non-blank
         * @return its id, the same for the same name, dense from 0 in first-seen order
         */
        public int channel(String name) {
            return channels.id(Checks.nonBlank("channel", name));
        }

        /**
         * @param name a campaign name, empty for none, not null
         * @return its id ({@code ""} is 0)
         */
        public int campaign(String name) {
            return campaigns.id(Objects.requireNonNull(name, "campaign"));
        }

        /**
         * @param name a device name, empty when unknown, not null
         * @return its id ({@code ""} is 0)
         */
        public int device(String name) {
            return devices.id(Objects.requireNonNull(name, "device"));
        }

        /**
         * @param name a kind of contact, empty when unknown, not null
         * @return its id ({@code ""} is 0)
         */
        public int kind(String name) {
            return kinds.id(Objects.requireNonNull(name, "kind"));
        }

        /**
         * Adds a touch with a channel only (no campaign, device or kind).
         *
         * @param profileKey the profile key
         * @param time the time in the builder's {@link #timeUnit} since the epoch
         * @param channelId an id from {@link #channel(String)}
         * @return this builder
         * @throws IllegalArgumentException naming the field and value when an id is unknown or the
         *     time outside years 1678 to 2262
         */
        public Builder add(long profileKey, long time, int channelId) {
            return add(profileKey, time, channelId, 0, 0, 0);
        }

        /**
         * Adds a touch.
         *
         * @param profileKey the profile key
         * @param at the time in the builder's {@link #timeUnit} since the epoch
         * @param channelId an id from {@link #channel(String)}
         * @param campaignId an id from {@link #campaign(String)}
         * @param deviceId an id from {@link #device(String)}
         * @param kindId an id from {@link #kind(String)}
         * @return this builder
         * @throws IllegalArgumentException naming the field and value when an id is unknown or the
         *     time outside years 1678 to 2262
         * @throws IllegalStateException after {@link #build()}
         */
        public Builder add(long profileKey, long at, int channelId, int campaignId, int deviceId, int kindId) {
            checkOpen();
            checkId("channel", channelId, channels);
            checkId("campaign", campaignId, campaigns);
            checkId("device", deviceId, devices);
            checkId("kind", kindId, kinds);
            if (!fits(at, perUnit)) {
                throw outOfRange("touches[" + size + "].time", at, unit, null);
            }
            if (size == profile.length) {
                resize((int) Math.min(Integer.MAX_VALUE - 16, size * 2L));
            }
            int i = size;
            profile[i] = profileKey;
            time[i] = at;
            channel[i] = channelId;
            campaign[i] = campaignId;
            device[i] = deviceId;
            kind[i] = kindId;
            size = i + 1;
            return this;
        }

        /**
         * Adds a touch given as an object, interning its names (its cost is not kept).
         *
         * @param touch the touch, not null
         * @return this builder
         * @throws IllegalArgumentException as {@link #add(long, long, int, int, int, int)}
         */
        public Builder add(Touchpoint touch) {
            Objects.requireNonNull(touch, "touch");
            checkOpen();
            Instant at = touch.time();
            long t;
            try {
                t = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("touches[" + size + "].time: " + at
                        + " is outside the supported range (years 1678 to 2262)", e);
            }
            if (unit != TimeUnit.NANOSECONDS) {
                if (t % perUnit != 0) {
                    throw new IllegalArgumentException("touches[" + size + "].time: " + at + " is finer than the"
                            + " builder's unit " + unit);
                }
                t /= perUnit;
            }
            return add(touch.profile(), t, channel(touch.channel()), campaign(touch.campaign()),
                    device(touch.device()), kind(touch.kind()));
        }

        /** @return the number of touches added so far */
        public int size() {
            return size;
        }

        /**
         * The columns, sorted by (profile key, time), ties in the order added.
         *
         * @return the columns
         * @throws IllegalStateException when called a second time
         */
        public TouchColumns build() {
            checkOpen();
            built = true;
            if (profile.length != size) {
                resize(size);
            }
            return new TouchColumns(size, profile, time, unit, channel, campaign, device, kind, channels.names(),
                    campaigns.names(), devices.names(), kinds.names());
        }

        private void checkOpen() {
            if (built) {
                throw new IllegalStateException("touches: the columns were built already");
            }
        }

        private void resize(int capacity) {
            profile = Arrays.copyOf(profile, capacity);
            time = Arrays.copyOf(time, capacity);
            channel = Arrays.copyOf(channel, capacity);
            campaign = Arrays.copyOf(campaign, capacity);
            device = Arrays.copyOf(device, capacity);
            kind = Arrays.copyOf(kind, capacity);
        }

        private void checkId(String field, int id, NameTable names) {
            if (id < 0 || id >= names.size()) {
                throw new IllegalArgumentException("touches[" + size + "]." + field + ": unknown " + field + " id " + id
                        + " (" + names.size() + " interned)");
            }
        }
    }
}
