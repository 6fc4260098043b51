package io.omnicanal.segmentation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The packed history (two longs per event, values and property references that do not fit inline in a
 * side array) reads back exactly what was inserted, compared with a plain list of event records per key
 * kept sorted by time (stable: an event goes after every event at or before its time), through late
 * inserts, merges and erasures.
 */
class ProfileStoreProperties {
    private record Ev(long time, int type, int channel, int device, long micros, int ref) {
    }

    @Property(tries = 60)
    void historyReadsBackWhatWasInserted(@ForAll long seed) {
        Random rnd = new Random(seed);
        ProfileStore st = new ProfileStore();
        Map<Long, List<Ev>> ref = new HashMap<>();
        int keys = 1 + rnd.nextInt(12);
        for (int step = 0; step < 800; step++) {
            long key = rnd.nextInt(keys);
            int op = rnd.nextInt(100);
            if (op < 90) {
                long time = 1_700_000_000_000L + rnd.nextInt(100_000) * (rnd.nextInt(5) == 0 ? -1L : 1L);
                long micros = switch (rnd.nextInt(6)) {
                    case 0 -> 0;
                    case 1 -> rnd.nextInt();
                    case 2 -> Integer.MAX_VALUE + (long) rnd.nextInt(3) - 1;
                    case 3 -> Integer.MIN_VALUE + (long) rnd.nextInt(3) - 1;
                    case 4 -> (rnd.nextBoolean() ? 1 : -1) * (long) (rnd.nextDouble() * 1e18);
                    default -> rnd.nextInt(5_000_000) - 1_000_000;
                };
                int props = rnd.nextInt(4) == 0 ? st.addProperties(new int[] {rnd.nextInt(5), rnd.nextInt(5)}) : 0;
                int type = rnd.nextInt(rnd.nextBoolean() ? 4 : 3000);
                int channel = rnd.nextInt(4) - 1;
                int device = rnd.nextInt(ProfileStore.ID_MAX) - 1;
                Ev e = new Ev(time, type, channel, device, micros, props);
                int row = st.rowOrCreate(key);
                int pos = st.insert(row, time, ProfileStore.dims(type, channel, device), micros, props);
                List<Ev> list = ref.computeIfAbsent(key, k -> new ArrayList<>());
                int at = 0;
                while (at < list.size() && list.get(at).time() <= time) {
                    at++;
                }
                list.add(at, e);
                assertThat(pos).isEqualTo(at);
            } else if (op < 95) {
                long winner = rnd.nextInt(keys);
                int l = st.row(key);
                if (l < 0 || winner == key) {
                    continue;
                }
                st.mergeInto(l, st.rowOrCreate(winner));
                List<Ev> a = ref.computeIfAbsent(winner, k -> new ArrayList<>());
                List<Ev> b = ref.remove(key);
                List<Ev> merged = new ArrayList<>();
                int i = 0;
                int j = 0;
                while (i < a.size() || j < b.size()) {
                    merged.add(j >= b.size() || i < a.size() && a.get(i).time() <= b.get(j).time() ? a.get(i++) : b.get(j++));
                }
                ref.put(winner, merged);
            } else {
                int r = st.row(key);
                if (r >= 0) {
                    st.erase(r);
                    ref.remove(key);
                }
            }
        }
        long total = 0;
        for (long key = 0; key < keys; key++) {
            int row = st.row(key);
            List<Ev> list = ref.get(key);
            if (list == null) {
                assertThat(row).isEqualTo(-1);
                continue;
            }
            total += list.size();
            assertThat(st.size[row]).isEqualTo(list.size());
            for (int i = 0; i < list.size(); i++) {
                Ev e = list.get(i);
                long dims = st.dimsAt(row, i);
                Ev got = new Ev(st.time(row, i), ProfileStore.type(dims), ProfileStore.channel(dims),
                        ProfileStore.device(dims), st.microsAt(row, i), st.propsRefAt(row, i));
                assertThat(got).as("key %d event %d", key, i).isEqualTo(e);
            }
            assertThat(st.lastTime(row)).isEqualTo(list.isEmpty() ? Long.MIN_VALUE : list.get(list.size() - 1).time());
        }
        assertThat(st.events).isEqualTo(total);
    }
}
