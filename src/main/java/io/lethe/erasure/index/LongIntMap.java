package io.lethe.erasure.index;


/** Open-addressing map from 64-bit keys to ints: flat arrays, no boxing, no per-entry objects. */
final class LongIntMap {

    private static final long EMPTY = 0L;  // key 0 is remapped, see fix()

    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new int[cap];
        mask = cap - 1;
    }

    private static long fix(long key) {
        return key == EMPTY ? 0x9E3779B97F4A7C15L : key;
    }

    static int spread(long key) {
        long h = key * 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 31));
    }

    int get(long key, int missing) {
        key = fix(key);
        int slot = spread(key) & mask;
        while (true) {
            long k = keys[slot];
            if (k == key) {
                return values[slot];
            }
            if (k == EMPTY) {
                return missing;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Sets the value; returns the previous one or {@code missing}. */
    int put(long key, int value, int missing) {
        if ((size + 1) * 10 > keys.length * 7) {
            rehash(keys.length * 2);
        }
        key = fix(key);
        int slot = spread(key) & mask;
        while (true) {
            long k = keys[slot];
            if (k == key) {
                int old = values[slot];
                values[slot] = value;
                return old;
            }
            if (k == EMPTY) {
                keys[slot] = key;
                values[slot] = value;
                size++;
                return missing;
            }
            slot = (slot + 1) & mask;
        }
    }

    int size() {
        return size;
    }

    long bytes() {
        return keys.length * 12L;
    }

    /** Shrinks the table to a load of about 0.6 once building is over. */
    void trim() {
        int cap = Integer.highestOneBit(Math.max(16, (int) (size / 0.6))) << 1;
        if (cap < keys.length) {
            rehash(cap);
        }
    }

    private void rehash(int cap) {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[cap];
        values = new int[cap];
        mask = cap - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            long k = oldKeys[i];
            if (k != EMPTY) {
                int slot = spread(k) & mask;
                while (keys[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = k;
                values[slot] = oldValues[i];
            }
        }
    }

    void writeTo(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(keys.length);
        out.writeInt(size);
        for (long k : keys) {
            out.writeLong(k);
        }
        for (int v : values) {
            out.writeInt(v);
        }
    }

    static LongIntMap readFrom(java.io.DataInput in) throws java.io.IOException {
        int cap = in.readInt();
        if (Integer.bitCount(cap) != 1) {
            throw new java.io.IOException("corrupt table capacity " + cap);
        }
        LongIntMap m = new LongIntMap(8);
        m.keys = new long[cap];
        m.values = new int[cap];
        m.mask = cap - 1;
        m.size = in.readInt();
        for (int i = 0; i < cap; i++) {
            m.keys[i] = in.readLong();
        }
        for (int i = 0; i < cap; i++) {
            m.values[i] = in.readInt();
        }
        return m;
    }

    @Override
    public String toString() {
        return "LongIntMap[size=" + size + ", capacity=" + keys.length + "]";
    }

}
