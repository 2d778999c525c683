package io.lethe.decode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Decoders for encoded runs; each returns null when the run is not that encoding of readable text. */
final class Codecs {

    private Codecs() {
    }

    static char rot13(char c) {
        if (c >= 'a' && c <= 'z') {
            return (char) ('a' + (c - 'a' + 13) % 26);
        }
        if (c >= 'A' && c <= 'Z') {
            return (char) ('A' + (c - 'A' + 13) % 26);
        }
        return c;
    }

    static String hex(CharSequence s) {
        int n = s.length();
        if (n % 2 != 0) {
            return null;
        }
        byte[] b = new byte[n / 2];
        for (int i = 0; i < n; i += 2) {
            int hi = Character.digit(s.charAt(i), 16);
            int lo = Character.digit(s.charAt(i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            b[i / 2] = (byte) (hi << 4 | lo);
        }
        return text(b);
    }

    static String base64(CharSequence s) {
        String t = s.toString();
        int pad = (4 - t.replace("=", "").length() % 4) % 4;
        String body = t.replace("=", "");
        if (pad == 3) {
            return null;
        }
        try {
            boolean url = body.indexOf('-') >= 0 || body.indexOf('_') >= 0;
            if (url && (body.indexOf('+') >= 0 || body.indexOf('/') >= 0)) {
                return null;
            }
            byte[] b = (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(body + "=".repeat(pad));
            return text(b);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static final String B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    static String base32(CharSequence s) {
        String t = s.toString().replace("=", "").toUpperCase(java.util.Locale.ROOT);
        int bits = 0;
        int value = 0;
        ByteBuffer out = ByteBuffer.allocate(t.length() * 5 / 8 + 1);
        for (int i = 0; i < t.length(); i++) {
            int v = B32.indexOf(t.charAt(i));
            if (v < 0) {
                return null;
            }
            value = (value << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (value >>> (bits - 8)));
                bits -= 8;
            }
        }
        byte[] b = new byte[out.position()];
        out.flip();
        out.get(b);
        return text(b);
    }

    /** Strict UTF-8 with at least 90 % printable characters, or null: garbage is not worth a scan. */
    static String text(byte[] bytes) {
        if (bytes.length < 4) {
            return null;
        }
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        int printable = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isISOControl(c) || c == '\n' || c == '\t' || c == '\r') {
                printable++;
            }
        }
        return printable * 10 >= s.length() * 9 ? s : null;
    }
}
