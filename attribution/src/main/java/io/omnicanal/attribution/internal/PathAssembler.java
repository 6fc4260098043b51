package io.omnicanal.attribution.internal;

import io.omnicanal.attribution.Dimension;
import it.unimi.dsi.fastutil.booleans.BooleanArrayList;
import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.longs.LongArrayList;

import java.util.List;

/**
 * Appends path rows with steps interned to provisional ids, then renumbers the dictionary in
 * lexicographic order so that a table's output does not depend on the order rows arrived in.
 * Not thread-safe.
 */
public final class PathAssembler implements RowSink {
    private final List<Dimension> dimensions;
    private final String directChannel;
    private final NameTable valueTable = new NameTable();
    private final NameTable groupTable = new NameTable();
    private final IntArrayList offsets = new IntArrayList();
    private final IntArrayList steps = new IntArrayList();
    private final LongArrayList ages;
    /** Each step's direct flag, kept when the steps are not over the channel; else null. */
    private final BooleanArrayList stepDirect;
    private final DoubleArrayList conversions = new DoubleArrayList();
    private final DoubleArrayList value = new DoubleArrayList();
    private final DoubleArrayList nulls = new DoubleArrayList();
    private final IntArrayList groupOf = new IntArrayList();
    private final KahanSum unattributedConversions = new KahanSum();
    private final KahanSum unattributedValue = new KahanSum();

    public PathAssembler(List<Dimension> dimensions, String directChannel, boolean withAges) {
        this.dimensions = List.copyOf(dimensions);
        this.directChannel = directChannel;
        this.ages = withAges ? new LongArrayList() : null;
        this.stepDirect = this.dimensions.contains(Dimension.CHANNEL) ? null : new BooleanArrayList();
        offsets.add(0);
    }

    /** Whether rows must bring each step's direct flag ({@link #add}'s {@code direct}). */
    public boolean wantsStepDirect() {
        return stepDirect != null;
    }

    /**
     * Makes room for at least this many more steps and rows, so that appending does not regrow
     * the columns (with {@link #build()} handing the arrays over without a copy when they are full).
     */
    public void reserve(int moreSteps, int moreRows) {
        steps.ensureCapacity(steps.size() + moreSteps);
        if (ages != null) {
            ages.ensureCapacity(ages.size() + moreSteps);
        }
        if (stepDirect != null) {
            stepDirect.ensureCapacity(stepDirect.size() + moreSteps);
        }
        offsets.ensureCapacity(offsets.size() + moreRows);
        conversions.ensureCapacity(conversions.size() + moreRows);
        value.ensureCapacity(value.size() + moreRows);
        nulls.ensureCapacity(nulls.size() + moreRows);
        groupOf.ensureCapacity(groupOf.size() + moreRows);
    }

    /** @return the number of rows added so far */
    public int rows() {
        return conversions.size();
    }

    /** Interns a step value given as its internal key (components joined with U+001F). */
    public int intern(String key) {
        return valueTable.id(key);
    }

    /** The internal key of a provisional id. */
    public String name(int id) {
        return valueTable.name(id);
    }

    public int group(String name) {
        return groupTable.id(name);
    }

    /**
     * Adds a row; {@code stepIds[0..length)} are ids from {@link #intern}; {@code rowAges} may be
     * null; {@code direct} may be null (no step direct) and is read only when the steps are not
     * over the channel.
     */
    @Override
    public void add(int[] stepIds, long[] rowAges, boolean[] direct, int length, double conv, double val,
                    double nul, int group) {
        if (length == 0) {
            unattributedConversions.add(conv);
            unattributedValue.add(val);
            return;
        }
        steps.addElements(steps.size(), stepIds, 0, length);
        if (ages != null) {
            ages.addElements(ages.size(), rowAges, 0, length);
        }
        if (stepDirect != null) {
            if (direct == null) {
                stepDirect.size(stepDirect.size() + length); // fills with false
            } else {
                stepDirect.addElements(stepDirect.size(), direct, 0, length);
            }
        }
        offsets.add(steps.size());
        conversions.add(conv);
        value.add(val);
        nulls.add(nul);
        groupOf.add(group);
    }

    /** @return the number of values interned so far */
    public int valueCount() {
        return valueTable.size();
    }

    /** The display value of each provisional id, and each id's position in the sorted dictionary. */
    record Dictionary(String[] shown, int[] sortedIndex) {
    }

    /** Sorts the display values: the dictionary order of the table {@link #build()} makes. */
    Dictionary dictionary() {
        int n = valueTable.size();
        String[] shown = new String[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            shown[i] = display(valueTable.name(i));
            order[i] = i;
        }
        IntArrays.quickSort(order, (a, b) -> shown[a].compareTo(shown[b]));
        int[] remap = new int[n];
        for (int i = 0; i < n; i++) {
            remap[order[i]] = i;
        }
        return new Dictionary(shown, remap);
    }

    /** Builds the table; hands over (and renumbers in place) its columns, so call it once. */
    public PathData build() {
        Dictionary dict = dictionary();
        int n = dict.shown().length;
        int[] remap = dict.sortedIndex();
        String[] values = new String[n];
        String[][] components = new String[n][];
        boolean[] direct = new boolean[n];
        int channelPos = dimensions.indexOf(Dimension.CHANNEL);
        for (int p = 0; p < n; p++) {
            int i = remap[p];
            String key = valueTable.name(p);
            values[i] = dict.shown()[p];
            components[i] = key.split("\u001F", -1);
            direct[i] = channelPos >= 0 && components[i][channelPos].equals(directChannel);
        }
        int[] s = exact(steps);
        for (int i = 0; i < s.length; i++) {
            s[i] = remap[s[i]];
        }
        String[] groups;
        int[] go = exact(groupOf);
        if (groupTable.size() == 0) {
            groups = new String[] {""};
        } else {
            int[] gOrder = new int[groupTable.size()];
            for (int i = 0; i < gOrder.length; i++) {
                gOrder[i] = i;
            }
            IntArrays.quickSort(gOrder, (a, b) -> groupTable.name(a).compareTo(groupTable.name(b)));
            int[] gRemap = new int[gOrder.length];
            groups = new String[gOrder.length];
            for (int i = 0; i < gOrder.length; i++) {
                gRemap[gOrder[i]] = i;
                groups[i] = groupTable.name(gOrder[i]);
            }
            for (int i = 0; i < go.length; i++) {
                go[i] = gRemap[go[i]];
            }
        }
        return new PathData(dimensions, values, components, direct, exact(offsets), s,
                exact(conversions), exact(value), exact(nulls), ages == null ? null : exact(ages),
                stepDirect == null ? null : exact(stepDirect), groups, go,
                unattributedConversions.sum(), unattributedValue.sum());
    }

    // The backing arrays trimmed to size: no copy when a reserve was exact.
    private static int[] exact(IntArrayList l) {
        l.trim();
        return l.elements();
    }

    private static long[] exact(LongArrayList l) {
        l.trim();
        return l.elements();
    }

    private static boolean[] exact(BooleanArrayList l) {
        l.trim();
        return l.elements();
    }

    private static double[] exact(DoubleArrayList l) {
        l.trim();
        return l.elements();
    }

    private static String display(String key) {
        return key.indexOf('\u001F') < 0 ? key : key.replace('\u001F', '|');
    }
}
