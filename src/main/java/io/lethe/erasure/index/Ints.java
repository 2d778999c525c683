package io.lethe.erasure.index;

/** int arrays in the matcher snapshot: a length, then the values. */
final class Ints {

    private Ints() {
    }

    static void write(java.io.DataOutput out, int[] a) throws java.io.IOException {
        out.writeInt(a.length);
        for (int v : a) {
            out.writeInt(v);
        }
    }

    /** @throws java.io.IOException on a negative length (a corrupt snapshot) */
    static int[] read(java.io.DataInput in) throws java.io.IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new java.io.IOException("corrupt array length " + n);
        }
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readInt();
        }
        return a;
    }
}
