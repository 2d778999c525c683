package io.lethe.decode;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** An open run is held while it could still decode to text, and released once it cannot (issue 12). */
class RunProbeTest {

    /** Every prefix of an encoding of any text could still decode: never released early. */
    @Property(tries = 300)
    void everyPrefixOfEncodedTextCouldDecode(@ForAll @StringLength(min = 1, max = 40) String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        for (String encoded : new String[] {Base64.getEncoder().encodeToString(utf8),
                Base64.getUrlEncoder().withoutPadding().encodeToString(utf8), HexFormat.of().formatHex(utf8),
                base32(utf8)}) {
            for (int k = 1; k <= encoded.length(); k++) {
                assertThat(RunProbe.couldDecode(encoded, 0, k)).as("%s of %s", encoded.substring(0, k), text).isTrue();
            }
        }
    }

    @Test
    void wordsThatDecodeToMalformedUtf8AreReleased() {
        for (String word : new String[] {"because", "thing", "moved", "Boston", "television"}) {
            assertThat(RunProbe.couldDecode(word, 0, word.length())).as(word).isFalse();
        }
        assertThat(RunProbe.couldDecode("t", 0, 1)).as("base64 't' starts a byte ≥ 0x80 that no lead allows").isFalse();
        assertThat(RunProbe.couldDecode("Q29yd2lu", 0, 8)).isTrue();
        assertThat(RunProbe.couldDecode("key=Q29y", 0, 8)).as("a piece after '=' is held").isTrue();
    }

    /** The hold only moves forward as a run grows: a piece rejected once stays rejected (issue 13, item 2). */
    @Property(tries = 300)
    void theHoldOfAGrowingRunNeverMovesBack(@ForAll @StringLength(min = 1, max = 300) @CharRange(from = '+', to = 'z')
                                            String run) {
        int furthest = 0;
        for (int k = 1; k <= run.length(); k++) {
            int from = RunProbe.holdFrom(run, 0, k);
            int hold = from < 0 ? k : from;
            assertThat(hold).as("%s at %d", run, k).isGreaterThanOrEqualTo(furthest);
            furthest = hold;
        }
    }

    /** The streaming cursor answers as the whole-run probe does, however the run grows. */
    @Property(tries = 500)
    void theCursorAnswersAsTheWholeRunProbe(@ForAll @StringLength(min = 1, max = 400) @CharRange(from = '+', to = 'z')
                                            String run, @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 9) int step) {
        RunProbe.Cursor cursor = new RunProbe.Cursor();
        cursor.start(0);
        for (int k = Math.min(step, run.length()); ; k = Math.min(k + step, run.length())) {
            assertThat(cursor.holdFrom(run, k)).as("%s at %d", run, k).isEqualTo(RunProbe.holdFrom(run, 0, k));
            if (k == run.length()) {
                break;
            }
        }
    }

    @Test
    void aLongRunStreamedInSmallChunksIsReadOnce() {
        String run = "QUJD".repeat(50_000);  // 200,000 chars of base64
        RunProbe.Cursor cursor = new RunProbe.Cursor();
        cursor.start(0);
        for (int k = 4; k <= run.length(); k += 4) {
            assertThat(cursor.holdFrom(run, k)).isZero();  // each call reads only the new chunk and 256 chars
        }
        assertThat(cursor.holdFrom(run + "=x", run.length() + 2)).as("a finished piece that decodes").isZero();
    }

    @Test
    void aPieceThatCannotDecodeIsNotHeldWhenAnotherPieceFollowsIt() {
        // "00008" decodes to text in no codec, so neither does "000080=": only the open piece after it is held
        assertThat(RunProbe.holdFrom("00008", 0, 5)).isEqualTo(-1);
        assertThat(RunProbe.holdFrom("000080=0", 0, 8)).isEqualTo(7);
        assertThat(RunProbe.holdFrom("key=Q29y", 0, 8)).as("the value piece, not the key").isEqualTo(4);
        assertThat(RunProbe.holdFrom("Q29y=key", 0, 8)).as("a finished piece that decodes waits for the run's end")
                .isEqualTo(0);
    }

    @Test
    void utf8PrefixFollowsRfc3629() {
        assertThat(RunProbe.utf8Prefix(0x41, 0xC3)).isTrue();
        assertThat(RunProbe.utf8Prefix(0xC0, 0x80)).as("overlong").isFalse();
        assertThat(RunProbe.utf8Prefix(0xED, 0xA0)).as("surrogate").isFalse();
        assertThat(RunProbe.utf8Prefix(0xF4, 0x90)).as("above U+10FFFF").isFalse();
        assertThat(RunProbe.utf8Prefix(0x80)).as("continuation first").isFalse();
    }

    @Test
    void hexTokensArePairsOrPrefixedPairs() {
        assertThat(HexBytes.couldBeHexToken("be", 0, 2)).isTrue();
        assertThat(HexBytes.couldBeHexToken("bed", 0, 3)).isFalse();
        assertThat(HexBytes.couldBeHexToken("\\x4a\\x7", 0, 7)).isTrue();
        assertThat(HexBytes.couldBeHexToken("0x", 0, 2)).isTrue();
        assertThat(HexBytes.couldBeHexToken("0xg", 0, 3)).isFalse();
    }

    private static String base32(byte[] b) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        int bits = 0;
        int value = 0;
        for (byte x : b) {
            value = (value << 8) | (x & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((value >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(alphabet.charAt((value << (5 - bits)) & 31));
        }
        return out.toString();
    }
}
