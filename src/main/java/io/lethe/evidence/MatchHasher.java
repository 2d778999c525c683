package io.lethe.evidence;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * HMAC-SHA-256 of matched text. The text is encoded into a per-thread buffer, hashed and the buffer wiped,
 * so no copy of it outlives the call.
 */
public final class MatchHasher {

    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;
    private final String keyId;
    private final ThreadLocal<State> state;

    public MatchHasher(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("the evidence HMAC key must have at least 16 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.keyId = sha256Hex(key).substring(0, 16);
        this.state = ThreadLocal.withInitial(State::new);
        state.get(); // fails now, not on a request, if HmacSHA256 is missing
    }

    /** A short public fingerprint of the key (first 8 bytes of its SHA-256), so verifiers know which key. */
    public String keyId() {
        return keyId;
    }

    /** The HMAC of the UTF-8 bytes of {@code text}, lower-case hex. */
    public String hmac(CharSequence text) {
        State s = state.get();
        int max = (int) Math.min(Integer.MAX_VALUE, (long) text.length() * 3);
        if (s.bytes.capacity() < max) {
            s.bytes = ByteBuffer.allocate(Math.max(max, s.bytes.capacity() * 2));
        }
        ByteBuffer out = s.bytes;
        out.clear();
        s.encoder.reset();
        s.encoder.encode(CharBuffer.wrap(text), out, true);
        s.encoder.flush(out);
        out.flip();
        int len = out.limit();
        s.mac.update(out);
        byte[] h = s.mac.doFinal();
        java.util.Arrays.fill(out.array(), 0, len, (byte) 0);
        return HEX.formatHex(h);
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private final class State {
        final Mac mac;
        final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer bytes = ByteBuffer.allocate(256);

        State() {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        }
    }
}
