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
 * <p>Immutable and thread-safe. Memory: 32 bytes a touch (two {@code long} and four {@code int}
 * columns) plus the dictionaries; while building, the builder holds the same, and a sort a further
 * 40 bytes a touch for a moment.
 */
public final class TouchColumns {
    private final int size;
    private final long[] profile;
    private final long[] nanos;
    private final int[] channel;
    private final int[] campaign;
    private final int[] device;
    private final int[] kind;
    private final List<String> channels;
    private final List<String> campaigns;
    private final List<String> devices;
    private final List<String> kinds;

    private TouchColumns(Builder b, int[] order) {
        size = b.size;
        profile = b.profile;
        nanos = b.nanos;
        channel = permuted(b.channel, order, size);
        campaign = permuted(b.campaign, order, size);
        device = permuted(b.device, order, size);
        kind = permuted(b.kind, order, size);
        channels = b.channels.names();
        campaigns = b.campaigns.names();
        devices = b.devices.names();
        kinds = b.kinds.names();
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
        return nanos[i];
    }

    /**
     * @param i the row
     * @return the time of touch {@code i}
     */
    public Instant time(int i) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos[i], 1_000_000_000L), Math.floorMod(nanos[i], 1_000_000_000L));
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
        return campaign[i];
    }

    /**
     * @param i the row
     * @return the device id of touch {@code i}: an index into {@link #devices()}
     */
    public int deviceId(int i) {
        return device[i];
    }

    /**
     * @param i the row
     * @return the kind id of touch {@code i}: an index into {@link #kinds()}
     */
    public int kindId(int i) {
        return kind[i];
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
            case CAMPAIGN -> campaign[i];
            case DEVICE -> device[i];
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
        return new Touchpoint(profile[i], time(i), channels.get(channel[i]), campaigns.get(campaign[i]),
                devices.get(device[i]), kinds.get(kind[i]), 0);
    }

    private static int[] permuted(int[] column, int[] order, int size) {
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
        private long[] nanos = new long[16];
        private int[] channel = new int[16];
        private int[] campaign = new int[16];
        private int[] device = new int[16];
        private int[] kind = new int[16];
        private boolean sorted = true;
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
            Objects.requireNonNull(value, "timeUnit");
            if (value.compareTo(TimeUnit.SECONDS) > 0) {
                throw new IllegalArgumentException("timeUnit must be NANOSECONDS, MICROSECONDS, MILLISECONDS or SECONDS,"
                        + " was " + value);
            }
            if (size > 0) {
                throw new IllegalStateException("timeUnit: " + size + " touches were added already in " + unit);
            }
            unit = value;
            perUnit = value.toNanos(1);
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
         * @param time the time in the builder's {@link #timeUnit} since the epoch
         * @param channelId an id from {@link #channel(String)}
         * @param campaignId an id from {@link #campaign(String)}
         * @param deviceId an id from {@link #device(String)}
         * @param kindId an id from {@link #kind(String)}
         * @return this builder
         * @throws IllegalArgumentException naming the field and value when an id is unknown or the
         *     time outside years 1678 to 2262
         * @throws IllegalStateException after {@link #build()}
         */
        public Builder add(long profileKey, long time, int channelId, int campaignId, int deviceId, int kindId) {
            checkOpen();
            checkId("channel", channelId, channels);
            checkId("campaign", campaignId, campaigns);
            checkId("device", deviceId, devices);
            checkId("kind", kindId, kinds);
            long t;
            try {
                t = Math.multiplyExact(time, perUnit);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("touches[" + size + "].time: " + time + " " + unit
                        + " since the epoch is outside the supported range (years 1678 to 2262)", e);
            }
            if (size == profile.length) {
                resize((int) Math.min(Integer.MAX_VALUE - 16, size * 2L));
            }
            int i = size;
            if (i > 0 && sorted) {
                long pk = profile[i - 1];
                sorted = pk < profileKey || (pk == profileKey && nanos[i - 1] <= t);
            }
            profile[i] = profileKey;
            nanos[i] = t;
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
            int[] order = null;
            if (sorted) {
                if (profile.length != size) {
                    profile = Arrays.copyOf(profile, size);
                    nanos = Arrays.copyOf(nanos, size);
                }
            } else {
                long[] index = new long[size];
                for (int i = 0; i < size; i++) {
                    index[i] = i;
                }
                long[] p = profile.length == size ? profile : Arrays.copyOf(profile, size);
                long[] t = nanos.length == size ? nanos : Arrays.copyOf(nanos, size);
                // lexicographic on (profile, time, index): the index makes the sort stable
                LongArrays.radixSort(new long[][] {p, t, index});
                profile = p;
                nanos = t;
                order = new int[size];
                for (int i = 0; i < size; i++) {
                    order[i] = (int) index[i];
                }
            }
            return new TouchColumns(this, order);
        }

        private void checkOpen() {
            if (built) {
                throw new IllegalStateException("touches: the columns were built already");
            }
        }

        private void resize(int capacity) {
            profile = Arrays.copyOf(profile, capacity);
            nanos = Arrays.copyOf(nanos, capacity);
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
