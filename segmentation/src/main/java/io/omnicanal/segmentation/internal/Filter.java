package io.omnicanal.segmentation.internal;

import io.omnicanal.segmentation.EventFilter;
import java.util.Map;

/** An {@link EventFilter} compiled to interned ids; -1 means "any". Immutable. */
final class Filter {
    final int type;
    final int channel;
    final int device;
    /** Interned (key, value) pairs. */
    final int[] props;

    Filter(ProfileStore st, EventFilter f) {
        type = f.type() == null ? -1 : st.types.intern(f.type());
        channel = f.channel() == null ? -1 : st.channels.intern(f.channel());
        device = f.device() == null ? -1 : st.devices.intern(f.device());
        props = new int[2 * f.properties().size()];
        int i = 0;
        for (Map.Entry<String, String> e : f.properties().entrySet()) {
            props[i++] = st.strings.intern(e.getKey());
            props[i++] = st.strings.intern(e.getValue());
        }
    }

    boolean matches(ProfileStore st, long dims, int propsRef) {
        if (type >= 0 && ProfileStore.type(dims) != type) {
            return false;
        }
        if (channel >= 0 && ProfileStore.channel(dims) != channel) {
            return false;
        }
        if (device >= 0 && ProfileStore.device(dims) != device) {
            return false;
        }
        for (int i = 0; i < props.length; i += 2) {
            if (st.property(propsRef, props[i]) != props[i + 1]) {
                return false;
            }
        }
        return true;
    }

    boolean matchesAt(ProfileStore st, int row, int pos) {
        return matches(st, st.dimsAt(row, pos), st.propsRef(row, pos));
    }
}
