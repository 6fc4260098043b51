package io.omnicanal.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The table's compact encodings (canonical UUIDs as 16 bytes, E.164 phones as digit nibbles) are
 * invisible: every value reads back as it was given, lookups find exactly the interned values,
 * and values compare as their UTF-8 bytes do (the oracle: {@code String.getBytes} and
 * {@code Arrays.compareUnsigned}), also between encodings.
 */
class IdentifierTableProperties {

    /** A mix of values that take each encoding and near misses that must stay plain. */
    static String value(Random r) {
        switch (r.nextInt(9)) {
            case 0:
            case 1:
                return new UUID(r.nextLong(), r.nextLong()).toString();
            case 2:
                return new UUID(r.nextLong(), r.nextLong()).toString().toUpperCase(Locale.ROOT);
            case 3:
                return new UUID(r.nextLong(), r.nextLong()).toString().replace('-', '_');
            case 4: {
                StringBuilder sb = new StringBuilder("+").append(1 + r.nextInt(9));
                int digits = r.nextInt(15);
                for (int i = 0; i < digits; i++) {
                    sb.append(r.nextInt(10));
                }
                return sb.toString();
            }
            case 5:
                return "+0" + r.nextInt(1000);
            case 6:
                return "+33 6" + r.nextInt(100000);
            case 7:
                return "+" + r.nextInt(10);
            default: {
                String alphabet = "ab+-0129zé€";
                StringBuilder sb = new StringBuilder();
                int n = 1 + r.nextInt(40);
                for (int i = 0; i < n; i++) {
                    sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
                }
                return sb.toString();
            }
        }
    }

    @Property(tries = 60)
    void compactEncodingsAreInvisible(@ForAll long seed) {
        Random r = new Random(seed);
        IdentifierTable t = new IdentifierTable(seed, new String[] {"cookie", "phone"});
        List<String> values = new ArrayList<>();
        List<Integer> nodes = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String v = value(r);
            int type = r.nextInt(2);
            int node = t.intern(type, v);
            values.add(v);
            nodes.add(node);
            types.add(type);
            assertThat(t.value(node)).isEqualTo(v);
            assertThat(t.bytes(node)).isEqualTo(v.getBytes(StandardCharsets.UTF_8));
            assertThat(t.key(node)).isEqualTo(t.keyOf(type, v));
        }
        for (int i = 0; i < values.size(); i++) {
            assertThat(t.find(types.get(i), values.get(i))).isEqualTo(nodes.get(i));
            String longer = values.get(i) + "0";
            if (!values.contains(longer)) {
                assertThat(t.find(types.get(i), longer)).isEqualTo(-1);
            }
            int j = r.nextInt(values.size());
            int expected = Integer.signum(Arrays.compareUnsigned(values.get(i).getBytes(StandardCharsets.UTF_8),
                    values.get(j).getBytes(StandardCharsets.UTF_8)));
            assertThat(Integer.signum(t.compareValues(nodes.get(i), nodes.get(j))))
                    .as("%s vs %s", values.get(i), values.get(j)).isEqualTo(expected);
        }
    }

    @Property(tries = 30)
    void stagedLookupsAgreeWithSingleLookups(@ForAll long seed) {
        Random r = new Random(seed);
        IdentifierTable t = new IdentifierTable(seed, new String[] {"cookie", "phone"});
        for (int round = 0; round < 50; round++) {
            int k = 1 + r.nextInt(6);
            String[] vs = new String[k];
            int[] ts = new int[k];
            for (int i = 0; i < k; i++) {
                vs[i] = value(r);
                ts[i] = r.nextInt(2);
                t.stage(i, ts[i], vs[i]);
            }
            t.prefetchStaged(k);
            int[] expected = new int[k];
            for (int i = 0; i < k; i++) {
                expected[i] = t.lookupStaged(i, ts[i]);
            }
            for (int i = 0; i < k; i++) {
                assertThat(expected[i]).isEqualTo(t.find(ts[i], vs[i]));
            }
            for (int i = 0; i < k; i++) {
                int node = t.internStaged(i, ts[i]);
                assertThat(t.value(node)).isEqualTo(vs[i]);
                assertThat(t.find(ts[i], vs[i])).isEqualTo(node);
            }
        }
    }

    @Property(tries = 20)
    void erasedValuesAreGoneAndOthersStay(@ForAll long seed) {
        Random r = new Random(seed);
        IdentifierTable t = new IdentifierTable(seed, new String[] {"cookie"});
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String v = value(r);
            if (t.find(0, v) < 0) {
                t.intern(0, v);
                values.add(v);
            }
        }
        String gone = values.get(r.nextInt(values.size()));
        t.erase(t.find(0, gone));
        assertThat(t.find(0, gone)).isEqualTo(-1);
        for (String v : values) {
            if (!v.equals(gone)) {
                assertThat(t.value(t.find(0, v))).isEqualTo(v);
            }
        }
        assertThat(t.live()).isEqualTo(values.size() - 1);
    }
}
