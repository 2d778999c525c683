package io.lethe.decode;

import io.lethe.guard.GuardStage;
import io.lethe.guard.StageContractTest;
import io.lethe.rules.DenyTermDetector;
import io.lethe.rules.GuardRules;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** The decoding stage over a deny term keeps the stage contract ({@link StageContractTest}). */
class DecodingStageContractTest extends StageContractTest {

    static final String TERM = "Nightjar Protocol";

    @Override
    protected GuardStage stage() {
        return new DecodingStage(List.of(DenyTermDetector.stage(List.of(
                new GuardRules.DenyTermList("test", List.of(TERM), null, null, null)))), 16, 2);
    }

    @Override
    protected Arbitrary<String> texts() {
        byte[] b = ("the " + TERM + " is live").getBytes(StandardCharsets.UTF_8);
        String base64 = Base64.getEncoder().encodeToString(b);
        String hex = HexFormat.of().formatHex(b);
        String rot13 = "Avtugwne Cebgbpby";
        // character-code calls joined and code point notation (red team 13)
        String chr = TERM.chars().mapToObj(c -> "chr(" + c + ")").collect(java.util.stream.Collectors.joining("+"));
        String sql = TERM.chars().mapToObj(c -> "CHAR(" + c + ")").collect(java.util.stream.Collectors.joining(" || "));
        String ucs = TERM.chars().mapToObj(c -> String.format("U+%04X", c)).collect(java.util.stream.Collectors.joining(" "));
        return Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(9)),
                        Tuple.of(2, Arbitraries.of(base64, hex, rot13, base64.substring(0, 12), hex.substring(0, 20),
                                Base64.getUrlEncoder().encodeToString(b), "SGVsbG8gd29ybGQ=", "deadbeef", "and", "Du")),
                        Tuple.of(2, Arbitraries.of(chr, sql, ucs, chr.substring(0, 30), ucs.substring(0, 20), ") + chr(", "U+",
                                "U+0041", "chr(65)", "+")),
                        Tuple.of(1, Arbitraries.strings().withChars("0123456789abcdefABCDEF+/=").ofMinLength(1).ofMaxLength(30)))
                .list().ofMaxSize(12).map(ws -> String.join(" ", ws));
    }

    @Override
    protected List<String> secrets() {
        return List.of(TERM);
    }
}
