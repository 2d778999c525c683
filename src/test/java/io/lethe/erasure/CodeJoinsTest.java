package io.lethe.erasure;

import io.lethe.guard.Channel;
import io.lethe.guard.pipeline.GuardSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static io.lethe.erasure.ObfuscationClassesTest.CTX;
import static io.lethe.erasure.ObfuscationClassesTest.PIPELINE;
import static io.lethe.erasure.ObfuscationClassesTest.streamedLikeWhole;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names written in code by pieces (red team 13): string literals joined by other operators than "+", lists of
 * literals joined with an empty or a space separator, character-code calls joined, and Unicode code point
 * notation. Each is redacted whole and streamed alike; ordinary code and prose of the same shapes stays as it is.
 */
class CodeJoinsTest {

    static List<String> literalsJoinedInCode() {
        return List.of(
            "x = \"Cor\" \"win Ash\" 'dale'",
            "x = (\"Cor\"\n     \"win Ash\"\n     \"dale\")",
            "SELECT 'Cor' || 'win Ash' || 'dale' FROM t",
            "SELECT 'Cor'||'win Ash'||'dale' FROM t",
            "$x = 'Cor' . 'win Ash' . \"dale\";",
            "$x = 'Cor'.'win Ash'.'dale';",
            "x = \"\".join([\"Cor\", \"win Ash\", \"dale\"])",
            "x = ''.join(('Cor','win Ash','dale'))",
            "x = ''.join(['Cor',\n            'win Ash',\n            'dale'])",
            "x = \" \".join([\"Corwin\", \"Ashdale\"])",
            "x = [\"Cor\",\"win Ash\",\"dale\"].join(\"\")",
            "x = ['Cor', 'win Ash', 'dale'].join('');",
            "x = ['Corwin', 'Ashdale'].join(' ');",
            "String x = \"Cor\" +\n        \"win Ash\" +\n        \"dale\";");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void literalsJoinedInCode(String text) {
        assertRedacted("p-corwin", text);
    }

    static List<String> characterCodesJoinedInCode() {
        return List.of(
            "s = chr(67)+chr(111)+chr(114)+chr(119)+chr(105)+chr(110)+chr(32)+chr(65)+chr(115)+chr(104)+chr(100)+chr(97)+chr(108)+chr(101)",
            "SELECT char(67)||char(111)||char(114)||char(119)||char(105)||char(110)||char(32)||char(65)||char(115)||char(104)||char(100)||char(97)||char(108)||char(101);",
            "SELECT CHAR(67) + CHAR(111) + CHAR(114) + CHAR(119) + CHAR(105) + CHAR(110) + CHAR(32) + CHAR(65) + CHAR(115) + CHAR(104) + CHAR(100) + CHAR(97) + CHAR(108) + CHAR(101);",
            "s = ''.join(chr(c) for c in [67,111,114,119,105,110,32,65,115,104,100,97,108,101])",
            "U+0043 U+006F U+0072 U+0077 U+0069 U+006E U+0020 U+0041 U+0073 U+0068 U+0064 U+0061 U+006C U+0065",
            "U+0043,U+006F,U+0072,U+0077,U+0069,U+006E,U+0020,U+0041,U+0073,U+0068,U+0064,U+0061,U+006C,U+0065",
            "U+0043+U+006F+U+0072+U+0077+U+0069+U+006E+U+0020+U+0041+U+0073+U+0068+U+0064+U+0061+U+006C+U+0065",
            "\\u0043\\u006F\\u0072\\u0077\\u0069\\u006E \\u0041\\u0073\\u0068\\u0064\\u0061\\u006C\\u0065",
            "&#x43;&#x6F;&#x72;&#x77;&#x69;&#x6E; &#x41;&#x73;&#x68;&#x64;&#x61;&#x6C;&#x65;");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void characterCodesJoinedInCode(String text) {
        assertRedacted("p-corwin", text);
    }

    /**
     * The name cut at every position into two or three literals, each join with both quote kinds (mixed too),
     * the glue with and without spaces and across a line break.
     */
    @org.junit.jupiter.api.Test
    void theNameSplitAtEveryPosition() {
        String name = "Corwin Ashdale";
        String[] glues = {" ", "\n    ", " || ", "||", " . ", ".", " +\n  ", "\r\n        "};
        String[][] quotes = {{"\"", "\""}, {"'", "'"}, {"\"", "'"}, {"'", "\""}};
        for (int i = 1; i < name.length(); i++) {
            for (int j = i + 1; j <= name.length(); j++) {
                String[] parts = j == name.length() ? new String[] {name.substring(0, i), name.substring(i)}
                        : new String[] {name.substring(0, i), name.substring(i, j), name.substring(j)};
                for (String glue : glues) {
                    for (String[] q : quotes) {
                        StringBuilder code = new StringBuilder("x = ");
                        for (int k = 0; k < parts.length; k++) {
                            String quote = q[k % 2];
                            code.append(k > 0 ? glue : "").append(quote).append(parts[k]).append(quote);
                        }
                        assertRedacted("p-corwin", code.append(";").toString());
                    }
                }
                for (String[] join : new String[][] {{"''.join([", "])"}, {"\"\".join((", "))"}, {"[", "].join('')"},
                        {"[", "].join(\"\")"}}) {
                    StringBuilder code = new StringBuilder("x = ").append(join[0]);
                    for (int k = 0; k < parts.length; k++) {
                        String quote = "'";
                        code.append(k > 0 ? ", " : "").append(quote).append(parts[k]).append(quote);
                    }
                    assertRedacted("p-corwin", code.append(join[1]).append(";").toString());
                }
            }
        }
    }

    static List<String> ordinaryCodeAndProse() {
        return List.of(
            "if (a || b) { return \"yes\"; } else if (c||d) return 'no';",
            "He said \"Corwin\" and 'Ashdale' twice; x = \"a\" \"b\"; don't, won't.",
            "The students' 'best' work, and \"Stop.\" \"Go.\" were the titles.",
            "Use str.join(), e.g. \", \".join([\"Corwin\", \"Smith\"]) or [\"a\", \"b\"].join(\", \").",
            "JSON: {\"names\": [\"Corwin\", \"Jane\", \"Smith\"], \"n\": 3}",
            "List ['Corwin', 'Smith'] has two towns; x.split(\" \") and y.strip().lower().",
            "The letter A is U+0041 and the euro sign U+20AC; U+0041 U+0042 U+0043 U+0044 spell ABCD.",
            "Call chr(65) or CHAR(66) + CHAR(67); ord('a') is 97, and f(67)+f(111)+f(114)+f(119) is no code.",
            "SELECT name FROM t WHERE a = 'x' OR b = 'y' || 'z';",
            "Mr. Corwin. Ashdale. Smith went to the U.S. in 1999 'quietly'. 'Then' he left.");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void ordinaryCodeAndProse(String text) {
        GuardSession s = PIPELINE.open(CTX, null);
        assertThat(s.scanWhole(Channel.content(0), text)).isEqualTo(text);
        assertThat(streamedLikeWhole(text, text)).isNull();
    }

    /** A redaction inside a joined list ends with the name: the call's brackets and what follows stay (red team 14 N3). */
    @org.junit.jupiter.api.Test
    void aRedactionInAJoinedListLeavesTheCodeAroundIt() {
        String[][] cases = {
                {"x = \" \".join([\"Corwin\", \"Ashdale\"]); print(x)", "x = \" \".join([\"[REDACTED]\", \"[REDACTED]\"]); print(x)"},
                // each literal is redacted on its own, its quotes and commas kept (cell borders, red team 16 N7)
                {"x = \"\".join(['Cor', 'win Ash', 'dale']) + y", "x = \"\".join(['[REDACTED]', '[REDACTED]', '[REDACTED]']) + y"},
        };
        for (String[] c : cases) {
            GuardSession s = PIPELINE.open(CTX, null);
            org.assertj.core.api.Assertions.assertThat(s.scanWhole(io.lethe.guard.Channel.content(0), c[0])).isEqualTo(c[1]);
            org.assertj.core.api.Assertions.assertThat(ObfuscationClassesTest.streamedLikeWhole(c[0], c[1])).isNull();
        }
    }

    private static void assertRedacted(String id, String text) {
        text = text.strip();
        GuardSession whole = PIPELINE.open(CTX, null);
        String redacted = whole.scanWhole(Channel.content(0), text);
        assertThat(redacted).doesNotContain("win Ash").doesNotContain("Corwin").doesNotContain("Ashdale")
                .contains("[REDACTED]");
        assertThat(whole.findings()).allMatch(f -> f.finding().erasureId().equals(id.strip()));
        assertThat(streamedLikeWhole(text, redacted)).isNull();
    }
}
