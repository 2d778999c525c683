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
 * More ways of writing a name in code, markup and styled letters (red team 13, second round): character arrays,
 * template literals and other concatenations, JavaScript escapes, LaTeX spellings, negative squared and circled
 * letters, and the German spelling alphabet. Each is redacted whole and streamed alike; ordinary code, math and
 * prose of the same shapes stays as it is.
 */
class CodeFormsTest {

    static List<String> characterArrays() {
        return List.of(
            "char name[] = {'M','i','r','a','n','d','a',' ','Q','u','i','l','l','s','w','o','r','t','h'};",
            "char name[] = { 'M', 'i', 'r', 'a', 'n', 'd', 'a', ' ', 'Q', 'u', 'i', 'l', 'l', 's', 'w', 'o', 'r', 't', 'h', '\\0' };",
            "const s = ['M','i','r','a','n','d','a',' ','Q','u','i','l','l','s','w','o','r','t','h'].join('');",
            "s = ''.join(['M', 'i', 'r', 'a', 'n', 'd', 'a', ' ', 'Q', 'u', 'i', 'l', 'l', 's', 'w', 'o', 'r', 't', 'h'])",
            "s = 'M' 'i' 'r' 'a' 'n' 'd' 'a' ' ' 'Q' 'u' 'i' 'l' 'l' 's' 'w' 'o' 'r' 't' 'h'",
            "s = \"M\" \"i\" \"r\" \"a\" \"n\" \"d\" \"a\" \" \" \"Q\" \"u\" \"i\" \"l\" \"l\" \"s\" \"w\" \"o\" \"r\" \"t\" \"h\"",
            "letters = ['M', 'i', 'r', 'a', 'n', 'd', 'a', ' ', 'Q', 'u', 'i', 'l', 'l', 's', 'w', 'o', 'r', 't', 'h']",
            "letters = ('M','i','r','a','n','d','a',\n           ' ','Q','u','i','l','l','s','w','o','r','t','h',)");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void characterArrays(String text) {
        assertRedacted(text);
    }

    static List<String> concatenations() {
        return List.of(
            "const s = `${\"Miranda\"} ${\"Quillsworth\"}`;",
            "const s = `${'Mir'}anda Quills${'worth'}`;",
            "const s = `${'Miranda'} ${'Quillsworth'}`;",
            "Dim s = \"Mir\" & \"anda Quillsworth\"",
            "Dim s = \"Mir\" & \"anda Quills\" & \"worth\"",
            "s = concat(\"Mir\", \"anda\", \" Quills\", \"worth\")",
            "SELECT CONCAT('Mir','anda ', 'Quills', 'worth') FROM t;",
            "SELECT CONCAT_WS('', 'Mir', 'anda Quills', 'worth');",
            "SELECT CONCAT_WS(' ', 'Miranda', 'Quillsworth');",
            "echo \"Mir\"\"anda Quills\"\"worth\"",
            "echo 'Mir''anda Quills''worth'",
            "s = f\"{'Miranda'} {'Quillsworth'}\"",
            "s = f'{\"Mir\"}anda {\"Quills\"}worth'");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void concatenations(String text) {
        assertRedacted(text);
    }

    /** Python's prefixed literals joined (red team 15): r, R, b, u, f and rb before the quote, by "+" or whitespace. */
    static List<String> prefixedLiterals() {
        return List.of(
            "name = r\"Miranda\" + r\" Quillsworth\"",
            "name = r'Miranda' + r' Quillsworth'",
            "name = R\"Mir\" + R\"anda Quills\" + R\"worth\"",
            "name = b\"Miranda\" + b\" Quillsworth\"",
            "name = u\"Miranda\" + u\" Quillsworth\"",
            "name = f\"Miranda\" + f\" Quillsworth\"",
            "name = \"Miranda\" + rb' Quillsworth'",
            "name = r\"Mir\" r\"anda Quillsworth\"",
            "name = (r\"Mir\"\n        r\"anda Quills\"\n        f\"worth\")");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void prefixedLiterals(String text) {
        assertRedacted(text);
    }

    /** The exact red-team form: the redaction takes the name's chars only, the prefixes and quotes around them stay. */
    @org.junit.jupiter.api.Test
    void aPrefixedJoinIsRedactedToTheName() {
        String text = "name = r\"Miranda\" + r\" Quillsworth\"";
        GuardSession s = PIPELINE.open(CTX, null);
        assertThat(s.scanWhole(Channel.content(0), text)).isEqualTo("name = r\"[REDACTED]\"");
        assertThat(streamedLikeWhole(text, "name = r\"[REDACTED]\"")).isNull();
    }

    static List<String> escapes() {
        return List.of(
            "unescape('%u004D%u0069%u0072%u0061%u006E%u0064%u0061%u0020%u0051%u0075%u0069%u006C%u006C%u0073%u0077%u006F%u0072%u0074%u0068')",
            "%u004d%u0069%u0072%u0061%u006e%u0064%u0061 %u0051%u0075%u0069%u006c%u006c%u0073%u0077%u006f%u0072%u0074%u0068",
            "const s = \"\\u{4d}\\u{69}\\u{72}\\u{61}\\u{6e}\\u{64}\\u{61}\\u{20}\\u{51}\\u{75}\\u{69}\\u{6c}\\u{6c}\\u{73}\\u{77}\\u{6f}\\u{72}\\u{74}\\u{68}\";",
            "const s = \"\\u{004D}iranda \\u{51}uillsworth\";",
            "Mir%u0061nda Quill%u0073worth");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void escapes(String text) {
        assertRedacted(text);
    }

    /** Python's eight-digit escapes (red team 15), alone or mixed with four-digit ones and plain letters. */
    static List<String> longEscapes() {
        return List.of(
            "print(\"\\U0000004D\\U00000069randa Quillsworth\")",
            "print(\"Miranda \\U00000051\\U00000075illsworth\")",
            "s = '\\U0000004d\\U00000069\\U00000072\\U00000061\\U0000006e\\U00000064\\U00000061\\U00000020\\U00000051\\U00000075\\U00000069\\U0000006c\\U0000006c\\U00000073\\U00000077\\U0000006f\\U00000072\\U00000074\\U00000068'",
            "s = \"\\U0000004D\\u0069r\\U00000061nda Quillsworth\"");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void longEscapes(String text) {
        assertRedacted(text);
    }

    /** The red-team form: the escapes are the name's own chars, the call and quotes stay. */
    @org.junit.jupiter.api.Test
    void aLongEscapeIsRedactedWithTheName() {
        String text = "print(\"\\U0000004D\\U00000069randa Quillsworth\")";
        GuardSession s = PIPELINE.open(CTX, null);
        assertThat(s.scanWhole(Channel.content(0), text)).isEqualTo("print(\"[REDACTED]\")");
        assertThat(streamedLikeWhole(text, "print(\"[REDACTED]\")")).isNull();
    }

    /** Two-digit hex escapes (red team 16), Perl's braced ones too, alone or mixed with plain letters. */
    static List<String> hexEscapes() {
        return List.of(
            "print('\\x4diranda Quillsworth')",
            "print(\"Mir\\x61nda Quill\\x73worth\")",
            "s = \"\\x4d\\x69\\x72\\x61\\x6e\\x64\\x61\\x20\\x51\\x75\\x69\\x6c\\x6c\\x73\\x77\\x6f\\x72\\x74\\x68\"",
            "my $n = \"\\x{4d}iranda \\x{51}uillsworth\";",
            "echo -e \"\\x4Diranda Quillsworth\"");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void hexEscapes(String text) {
        assertRedacted(text);
    }

    /** The red-team form: the escape is the name's own char, the call and quotes stay. */
    @org.junit.jupiter.api.Test
    void aHexEscapeIsRedactedWithTheName() {
        assertThat(ObfuscationClassesTest.check("p-miranda", "print('⟦\\x4diranda Quillsworth⟧')")).isNull();
    }

    /** Character calls (red team 15): decimal or hex codes, joined by "+" or "||", and mixed with string literals. */
    static List<String> characterCalls() {
        return List.of(
            "chr(77)+chr(105)+chr(114)+chr(97)+chr(110)+chr(100)+chr(97)+' Quillsworth'",
            "s = chr(0x4d)+chr(0x69)+chr(0x72)+chr(0x61)+chr(0x6e)+chr(0x64)+chr(0x61)+chr(0x20)+chr(0x51)+chr(0x75)+chr(0x69)+chr(0x6c)+chr(0x6c)+chr(0x73)+chr(0x77)+chr(0x6f)+chr(0x72)+chr(0x74)+chr(0x68)",
            "s = chr(77) + chr(105) + chr(114) + chr(97) + chr(110) + chr(100) + chr(97) + \" Quillsworth\"",
            "s = \"Miranda \" + chr(81)+chr(117)+chr(105)+chr(108)+chr(108)+chr(115)+chr(119)+chr(111)+chr(114)+chr(116)+chr(104)",
            "s = \"Mir\" + chr(97) + \"nda Quills\" + CHR(0x77) + 'orth'",
            "SELECT 'Mir' || CHAR(97) || 'nda Quillsworth';");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void characterCalls(String text) {
        assertRedacted(text);
    }

    /** The red-team form: the calls are the name's own chars; the literal's closing quote stays. */
    @org.junit.jupiter.api.Test
    void characterCallsAndALiteralAreRedactedToTheName() {
        String text = "n = chr(77)+chr(105)+chr(114)+chr(97)+chr(110)+chr(100)+chr(97)+' Quillsworth'; print(n)";
        String expected = "n = [REDACTED]'; print(n)";
        GuardSession s = PIPELINE.open(CTX, null);
        assertThat(s.scanWhole(Channel.content(0), text)).isEqualTo(expected);
        assertThat(streamedLikeWhole(text, expected)).isNull();
    }

    /**
     * JavaScript's calls that make a text of a list of codes (red team 16), joined to string literals either side
     * or holding the whole name; decimal or hex codes, or one spread array.
     */
    static List<String> codesCalls() {
        return List.of(
            "String.fromCharCode(77,105,114,97,110,100,97) + \" Quillsworth\"",
            "const s = String.fromCharCode(77, 105, 114, 97, 110, 100, 97, 32, 81, 117, 105, 108, 108, 115, 119, 111, 114, 116, 104);",
            "const s = \"Miranda \" + String.fromCharCode(0x51, 0x75, 0x69, 0x6c, 0x6c, 0x73, 0x77, 0x6f, 0x72, 0x74, 0x68);",
            "const s = 'Mir' + String.fromCharCode(97, 110, 100, 97) + ' Quills' + 'worth';",
            "const s = String.fromCodePoint(...[77, 105, 114, 97, 110, 100, 97]) + ' Quillsworth';",
            "console.log(String.fromCharCode(77,105,114,97,110,100,97,32,81,117,105,108,108,115,119,111,114,116,104))");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void codesCalls(String text) {
        assertRedacted(text);
    }

    /** The red-team form: the codes and the glue are the name's; the call's name and the literal's quote stay. */
    @org.junit.jupiter.api.Test
    void aCodesCallAndALiteralAreRedactedToTheName() {
        assertThat(ObfuscationClassesTest.check("p-miranda",
                "const n = String.fromCharCode(⟦77,105,114,97,110,100,97) + \" Quillsworth⟧\";")).isNull();
        assertThat(ObfuscationClassesTest.check("p-miranda",
                "x = String.fromCharCode(⟦77,105,114,97,110,100,97,32,81,117,105,108,108,115,119,111,114,116,104⟧);")).isNull();
    }

    static List<String> latex() {
        return List.of(
            "Written by Mir\\-anda Quills\\-worth.",
            "Written by Mir{}anda Quill{}sworth.",
            "Written by $\\mathrm{Miranda}$ $\\mathrm{Quillsworth}$.",
            "Written by $\\mathit{Miranda}\\ \\mathbf{Quillsworth}$.",
            "Written by $\\text{Miranda Quillsworth}$.",
            "Written by M\\'iranda Quillsw\\\"orth.",
            "Written by M\\'{i}randa Qu\\`{i}llsworth.",
            "Written by Mir\\^anda Quillsw\\~orth.");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void latex(String text) {
        assertRedacted(text);
    }

    /** An HTML comment inside a word (red team 15), as inline tags there are, and a C block comment (red team 16). */
    static List<String> commentsInWords() {
        return List.of(
            "Miranda Quills<!-- x -->worth",
            "<p>Mir<!---->anda Quill<!-- split\n here -->sworth</p>",
            "By M<!-- a -->iranda Q<!--b-->uillsworth<!-- end --> today.",
            "Miranda Quills/* x */worth",
            "Mir/**/anda Quill/* split\n here */sworth",
            "// by M/* a */iranda Q/*b*/uillsworth today.");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void commentsInWords(String text) {
        assertRedacted(text);
    }

    /** The red-team form: the comment is dropped with the word it stands in, nothing around it. */
    @org.junit.jupiter.api.Test
    void aCommentInAWordIsRedactedWithTheName() {
        assertThat(ObfuscationClassesTest.check("p-miranda", "Written by ⟦Miranda Quills<!-- x -->worth⟧.")).isNull();
        assertThat(ObfuscationClassesTest.check("p-miranda", "Ask ⟦Miranda Quill<!-- -->sworth⟧ now.")).isNull();
        assertThat(ObfuscationClassesTest.check("p-miranda", "Written by ⟦Miranda Quills/* x */worth⟧.")).isNull();
    }

    static List<String> letterStyles() {
        return List.of(
            "Written by 🅼🅸🆁🅰🅽🅳🅰 🆀🆄🅸🅻🅻🆂🆆🅾🆁🆃🅷.",
            "Written by 🅜🅘🅡🅐🅝🅓🅐 🅠🅤🅘🅛🅛🅢🅦🅞🅡🅣🅗.",
            "Written by 🅼 🅸 🆁 🅰 🅽 🅳 🅰  🆀 🆄 🅸 🅻 🅻 🆂 🆆 🅾 🆁 🆃 🅷.",
            "Written by 🄼🄸🅁🄰🄽🄳🄰 🅀🅄🄸🄻🄻🅂🅆🄾🅁🅃🄷.");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void letterStyles(String text) {
        assertRedacted(text);
    }

    /** Upside-down text (red team 15): letters turned 180° and the text reversed, alone, quoted, in a sentence. */
    static List<String> upsideDown() {
        return List.of(
            "ɥʇɹoʍsllınꝹ ɐpuɐɹıW",
            "print(\"ɥʇɹoʍsllınꝹ ɐpuɐɹıW\")",
            "She signed it ɥʇɹoʍsllᴉnꝹ ɐpuɐɹᴉW, upside down.",
            "˙ɥʇɹoʍsllınꝹ ɐpuɐɹıW sᴉ ǝɯɐu ʎW",
            // red team 16: a capital with no turned form left as it is, Greek "Ὁ" or "Ό" for a turned "Q"
            "ɥʇɹoʍsllınQ ɐpuɐɹıW",
            "ɥʇɹoʍsllınὉ ɐpuɐɹıW",
            "print(\"ɥʇɹoʍsllınΌ ɐpuɐɹıW\")",
            "She signed it ɥʇɹoʍsllinQ ɐpuɐɹiW, upside down.");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void upsideDown(String text) {
        assertRedacted(text);
    }

    /** A run that holds only the name is redacted to it; the text around it stays. */
    @org.junit.jupiter.api.Test
    void upsideDownTextIsRedactedToItsRun() {
        assertThat(ObfuscationClassesTest.check("p-miranda", "The author: ⟦ɥʇɹoʍsllınꝹ ɐpuɐɹıW⟧.")).isNull();
        assertThat(ObfuscationClassesTest.check("p-miranda", "print(\"⟦ɥʇɹoʍsllınꝹ ɐpuɐɹıW⟧\")")).isNull();
        // a turned word may begin with letters ASCII has ("u" for "n"): they belong to the run
        assertThat(ObfuscationClassesTest.check("p-oskar", "By ⟦uǝuoʞlǝԀ ɹɐʞsO⟧ (2019).")).isNull();
        assertThat(ObfuscationClassesTest.check("p-miranda", "The author: ⟦ɥʇɹoʍsllınὉ ɐpuɐɹıW⟧.")).isNull();
        // capitals left unturned, at a word's end (where the turned word's first letter stands)
        assertThat(ObfuscationClassesTest.check("p-oskar", "By ⟦uǝuoʞlǝP ɹɐʞsO⟧ (2019).")).isNull();
        assertThat(ObfuscationClassesTest.check("p-brigid", "Signed ⟦ʎlɐssǝ⊥ pᴉƃᴉɹB⟧ today.")).isNull();
        assertThat(ObfuscationClassesTest.check("p-brigid", "Signed ⟦ʎlɐssǝ┴ pᴉƃᴉɹq⟧ today.")).isNull();
        assertThat(ObfuscationClassesTest.check("p-mallory", "Signed ⟦ʎquǝnQ ʎɹollɐW⟧ today.")).isNull();
    }

    static List<String> germanSpelling() {
        return List.of(
            "Martha Ida Richard Anton Nordpol Dora Anton Quelle Ulrich Ida Ludwig Ludwig Samuel Wilhelm Otto Richard Theodor Heinrich",
            "martha ida richard anton nordpol dora anton / quelle ulrich ida ludwig ludwig siegfried wilhelm otto richard theodor heinrich",
            "München Ingelheim Rostock Aachen Nürnberg Düsseldorf Aachen Quickborn Unna Ingelheim Leipzig Leipzig Salzwedel Wuppertal Offenbach Rostock Tübingen Hamburg",
            "Muenchen Ingelheim Rostock Aachen Nuernberg Duesseldorf Aachen, Quickborn Unna Ingelheim Leipzig Leipzig Salzwedel Wuppertal Offenbach Rostock Tuebingen Hamburg");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void germanSpelling(String text) {
        assertRedacted(text);
    }

    /**
     * A hyphen Markdown escapes inside an address is no discretionary hyphen: the address is found as
     * registered, with its hyphen.
     */
    @org.junit.jupiter.api.Test
    void anEscapedHyphenInAnAddressStays() {
        assertThat(ObfuscationClassesTest.check("p-corwin", "Mail ⟦c\\-ashdale\\@example\\.org⟧ now.")).isNull();
    }

    static List<String> ordinaryCodeMathAndProse() {
        return List.of(
            "char s[] = {'a','b','c'}; char t[] = {'x', 'y'}; int v[] = {1, 2, 3};",
            "const parts = ['a','b'].join(''); s = 'x' 'y' 'z';",
            "const s = `${a} ${b}`; const t = `Hello ${name}!`;",
            "Dim s = \"Hello\" & \" world\" & x",
            "SELECT CONCAT(first, ' ', last), CONCAT_WS(',', a, b) FROM t; concat(\"foo\", \"bar\")",
            "echo \"foo\"\"bar\"; s = f\"{x} {'y'}\"; r = s[::-1]; t = 'olleh'[::-1]",
            "escape('a b') is 'a%20b'; %u0041 is A; \\u{1F600} is a smile.",
            "We have $x^2 + y^2 = z^2$ and $\\mathrm{d}x$, costs $5 and $10, {}; f{}g, \\-, \\'",
            "Wir fuhren von Berlin über Hamburg, Essen, Köln und Frankfurt nach München; Anton und Ida kamen mit.",
            "Otto Emil Ida Martha treffen sich; Paula, Richard und Theodor auch.",
            "🅰🅱 and 🅾 blood types; 🆗 🆒 are buttons.",
            "It\\'s Ren\\'e\\'s; O\\'Brien and \\\"Otto\\\" said: \\u{1F600} \\u{zz} \\u{ %u00 %uZZZZ",
            "echo \"Mir\"r\"anda\"; He said \"Mir\" or \"anda\"; x = \"a\" + r\"b\" + bar\"c\"",
            "C:\\Users\\Public\\Umbrella, \\U0001F600 smiles, \\UFFFFFFFF and \\U0000D800 are no chars, \\U000000",
            "Done<!-- todo: fix -->, next <!-- Mir -->anda line, x<!--y-->z and a<!-- never closed",
            "VARCHAR(255) + CHAR(10) + 'x'; chr(0x41) + chr(foo) + 'bar'; nchar(7) and chr(77)'s code; unichr(0x110000)",
            "IPA /ɹʌn/ and [ɔdɔ]; Türkçe: sıkıntı ılık, uzun yol; ʇno, sod, pop; ɐpuɐɹıWx ɥʇɹoʍsllınꝹ and Miranda",
            "data = b'\\x00\\x1b[0m\\x89PNG\\r\\n\\x1a\\n'; printf '\\x1b[31mred\\x1b[0m'; C:\\xampp\\htdocs; \\x4 \\x{} \\xzz \\x7f",
            "int a = 1; /* counter */ int b = 2; x = y /* why */ + z; a/*b*/c; src/**/test; a/*/b; http://x.org/a/b",
            "String.fromCharCode(72, 101, 108, 108, 111) + ' world'; String.fromCharCode(x); String.fromCharCode(...codes); String.fromCharCode(0, 1)",
            "Ὁ Σωκράτης εἶπεν· Ὅμηρος καὶ Ὀδυσσεύς. Όταν ήρθε ο Ορέστης, ΌΛΑ καλά. Ὁ ʎ and Q ɐ",
            "IPA [ɔ ʌ] is on; Queen B and DNS ɹ; the ɐ and ɔ in Bob");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void ordinaryCodeMathAndProse(String text) {
        GuardSession s = PIPELINE.open(CTX, null);
        assertThat(s.scanWhole(Channel.content(0), text)).isEqualTo(text);
        assertThat(streamedLikeWhole(text, text)).isNull();
    }

    private static void assertRedacted(String text) {
        GuardSession whole = PIPELINE.open(CTX, null);
        String redacted = whole.scanWhole(Channel.content(0), text);
        assertThat(redacted).doesNotContain("anda Quill").contains("[REDACTED]");
        assertThat(whole.findings()).allMatch(f -> f.finding().erasureId().equals("p-miranda"));
        assertThat(streamedLikeWhole(text, redacted)).isNull();
    }
}
