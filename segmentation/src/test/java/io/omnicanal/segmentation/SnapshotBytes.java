package io.omnicanal.segmentation;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Test helpers that rewrite snapshot files by following the layout documented in {@code SnapshotCodec}
 * (independently of the codec), to make files as other writers would have written them.
 */
final class SnapshotBytes {
    private SnapshotBytes() {
    }

    static void copyString(DataInputStream in, DataOutputStream out) throws IOException {
        int n = in.readInt();
        out.writeInt(n);
        out.write(in.readNBytes(n));
    }

    /** Copies the catalog JSON, the clock, the four interners and the property pool. */
    static void copyCatalogToPool(DataInputStream in, DataOutputStream out) throws IOException {
        copyString(in, out); // catalog JSON
        out.writeLong(in.readLong()); // clock
        for (int k = 0; k < 4; k++) { // interners
            int n = in.readInt();
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                copyString(in, out);
            }
        }
        int pool = in.readInt();
        out.writeInt(pool);
        for (int i = 0; i < pool; i++) {
            out.writeInt(in.readInt());
        }
    }
}
