package io.lethe.text;

import java.util.Arrays;

/** An append-only char array seen as a CharSequence: cheaper than a StringBuilder for char-by-char appends. */
class CharBuf implements CharSequence {

    char[] chars = new char[64];
    int length;

    void append(char c) {
        if (length == chars.length) {
            chars = Arrays.copyOf(chars, length * 2);
        }
        chars[length++] = c;
    }

    void append(CharBuf from, int start, int end) {
        int n = end - start;
        if (length + n > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(length + n, chars.length * 2));
        }
        System.arraycopy(from.chars, start, chars, length, n);
        length += n;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return chars[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new String(chars, start, end - start);
    }

    @Override
    public String toString() {
        return new String(chars, 0, length);
    }
}
