package io.omnicanal.examples.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A compact binary encoding for the rows the pipeline spills to disk: unsigned LEB128 varints,
 * zig-zag signed varints, IEEE doubles as 8 big-endian bytes, and strings as a varint length
 * followed by UTF-8. {@link Writer} appends to a growable array; {@link Reader} decodes a slice.
 * Not thread-safe: one instance per thread.
 */
final class Bytes {
    private Bytes() {}

    /** Appends encoded values to a growable array. */
    static final class Writer {
        private byte[] buf = new byte[256];
        private int size;

        /** Forgets what was written. */
        void reset() {
            size = 0;
        }

        /** The encoded bytes; valid up to {@link #size()}, until the next write. */
        byte[] array() {
            return buf;
        }

        /** The number of bytes written since the last reset. */
        int size() {
            return size;
        }

        void writeByte(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        /** An unsigned varint (a negative value takes ten bytes). */
        void writeVarLong(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
        }

        /** A signed varint, zig-zag encoded so that small negative values stay short. */
        void writeSignedVarLong(long v) {
            writeVarLong((v << 1) ^ (v >> 63));
        }

        void writeDouble(double d) {
            long bits = Double.doubleToRawLongBits(d);
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[size++] = (byte) (bits >>> shift);
            }
        }

        void writeString(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            writeVarLong(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, buf, size, utf8.length);
            size += utf8.length;
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }
    }

    /** Decodes values from a slice of an array, in the order a {@link Writer} wrote them. */
    static final class Reader {
        private byte[] buf;
        private int pos;
        private int end;

        /** Points the reader at {@code len} bytes of {@code data} from {@code off}. */
        Reader set(byte[] data, int off, int len) {
            this.buf = data;
            this.pos = off;
            this.end = off + len;
            return this;
        }

        int readByte() {
            check(1);
            return buf[pos++] & 0xFF;
        }

        long readVarLong() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = readByte();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalStateException("corrupt row record: varint longer than 10 bytes");
        }

        long readSignedVarLong() {
            long z = readVarLong();
            return (z >>> 1) ^ -(z & 1);
        }

        double readDouble() {
            check(8);
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = (bits << 8) | (buf[pos++] & 0xFF);
            }
            return Double.longBitsToDouble(bits);
        }

        String readString() {
            long n = readVarLong();
            if (n < 0 || n > end - pos) {
                throw new IllegalStateException("corrupt row record: string of " + n + " bytes with " + (end - pos)
                        + " left");
            }
            String s = new String(buf, pos, (int) n, StandardCharsets.UTF_8);
            pos += (int) n;
            return s;
        }

        /** Whether every byte of the slice was read. */
        boolean atEnd() {
            return pos == end;
        }

        private void check(int n) {
            if (end - pos < n) {
                throw new IllegalStateException("corrupt row record: needs " + n + " more bytes, has " + (end - pos));
            }
        }
    }
}
