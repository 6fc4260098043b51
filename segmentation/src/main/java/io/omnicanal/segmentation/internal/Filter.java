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
        return matchesIds(dims) && (props.length == 0 || matchesProperties(st, propsRef));
    }

    /** Whether the stored event at {@code pos} of {@code row} matches (its property reference read only if needed). */
    boolean matchesAt(ProfileStore st, int row, int pos) {
        return matchesWord(st, row, st.word(row, pos));
    }

    /** Whether the stored event of {@code row} whose word is {@code word} matches. */
    boolean matchesWord(ProfileStore st, int row, long word) {
        return matchesIds(st.dims(word)) && (props.length == 0 || matchesProperties(st, st.propsRef(row, word)));
    }

    /** 0: no event with these ids matches; 1: every one does; 2: those with the required properties. */
    int relevance(long dims) {
        return !matchesIds(dims) ? 0 : props.length == 0 ? 1 : 2;
    }

    private boolean matchesIds(long dims) {
        return (type < 0 || ProfileStore.type(dims) == type)
                && (channel < 0 || ProfileStore.channel(dims) == channel)
                && (device < 0 || ProfileStore.device(dims) == device);
    }

    private boolean matchesProperties(ProfileStore st, int propsRef) {
        for (int i = 0; i < props.length; i += 2) {
            if (st.property(propsRef, props[i]) != props[i + 1]) {
                return false;
            }
        }
        return true;
    }
}
