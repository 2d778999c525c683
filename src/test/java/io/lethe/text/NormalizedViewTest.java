package io.lethe.text;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NormalizedViewTest {

    static NormalizedView whole(String raw) {
        NormalizedView v = new NormalizedView();
        v.advance(raw, raw.length(), true);
        return v;
    }

    /** Each view as text plus, per char, its raw span: what must not depend on the chunking. */
    static List<String> snapshot(NormalizedView v) {
        List<String> out = new ArrayList<>();
        for (MappedText m : v.views()) {
            StringBuilder sb = new StringBuilder(m.text()).append(" |");
            for (int i = 0; i < m.length(); i++) {
                sb.append(' ').append(m.rawStart(i)).append('-').append(m.rawEnd(i + 1));
            }
            out.add(sb.toString());
        }
        return out;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            // homoglyphs (Cyrillic а, е, о, р, с), full-width and styled letters, diacritics
            "B\u0430sil M\u0430hfouz                   | Basil Mahfouz",
            "\u0441\u043e\u0440\u0435                  | cope",
            "\uFF22\uFF41\uFF53\uFF49\uFF4C              | Basil",
            "Jos\u00e9 N\u0303u\u00f1ez                | Jose Nunez",
            // invisible and format chars
            "Ba\u200Dsil Ma\u200Bhf\u00ADouz\uFEFF      | Basil Mahfouz",
            "\u202EBasil\u202C Mahfouz                 | Basil Mahfouz",
            // spaced, dotted, dashed, starred letters
            "B a s i l  M a h f o u z                  | Basil Mahfouz",
            "B a s i l M a h f o u z                   | Basil Mahfouz",
            "B.a.s.i.l M.a.h.f.o.u.z                   | Basil Mahfouz",
            "B-a-s-i-l                                 | Basil",
            "M c C u n e  Þ o r  S t r a ß e     | McCune Þor Straße",
            "B*a*s*i*l and M_a_h_f_o_u_z               | Basil and Mahfouz",
            // an apostrophe spaced out with the letters stays in the word; one before a word of its own goes
            "N a ' s h a y a   V e k e m a n s         | Na'shaya Vekemans",
            "O . ' . B r i e n                         | O'Brien",
            "rock ' n ' roll                           | rock ' n ' roll",
            // chars that show as nothing or a box; an emoji only between two letters; terminal styles
            "Thad\uE000deus Quill\uFFFDfeather\uD800     | Thaddeus Quillfeather",
            "Thad\uD83D\uDE42deus, I \u2764\uFE0F NY \uD83D\uDE42 | Thaddeus, I \u2764 NY \uD83D\uDE42",
            "x \u001B[1mBold\u001B[0m and \u001B[31;1mred\u001B[m | x Bold and red",
            // small capitals, parenthesized letters, regional indicators
            "ʙᴀsɪʟ ⒨⒜⒣⒡⒪⒰⒵ \uD83C\uDDE7\uD83C\uDDE6 | basil mahfouz ba",
            "x y ' zz                                  | x y ' zz",
            "I. M. Pei and J. Doe                      | I. M. Pei and J. Doe",
            "1 2 3 4                                   | 1 2 3 4",
            // Markdown and HTML
            "**Basil** _Mahfouz_                       | Basil Mahfouz",
            "<b>Basil</b> <i class=\"x\">Mahfouz</i>   | Basil Mahfouz",
            "Basil<br/>Mahfouz                         | Basil Mahfouz",
            "snake_case 2*3 x < y                      | snake_case 2*3 x < y",
            // entities and URL-encoding
            "Basil&nbsp;Mahfouz &#66;asil &#x42;asil   | Basil Mahfouz Basil Basil",
            "&#66asil &#77ahfouz &#x42 &#12345678 &#x  | Basil Mahfouz B &#12345678 &#x",
            "&#00000066;asil &#x000004D;ahfouz &#0000000000077ahfouz | Basil Mahfouz Mahfouz",
            "Mahf&ouml;uz &amp; &bogus; &              | Mahfouz & &bogus; &",
            "Basil%20Mahfouz %C3%A9 100% %zz           | Basil Mahfouz e 100% %zz",
            // spelled-out e-mails
            "john dot doe at example dot com           | john.doe@example.com",
            "john [at] example (dot) com               | john@example.com",
            "john{at}example[ dot ]com                 | john@example.com",
            "look at it, (at) home                     | look at it, (at) home",
            "mail me at example.org or at my-site dot com | mail me@example.org or@my-site.com",
            "at it at at at a.b                        | at it at at@a.b",
            "ilse arroba example punto nl, at this point | ilse@example.nl, at this point",
            "x arobase y point fr and the point is     | x@y.fr and the point is",
            // a dot that is an ordinary word before the "@" only when the rest of an address follows (helper-84)
            "m punkt vanderhoeven at polder punkt nl    | m.vanderhoeven@polder.nl",
            "a punkt tk Klammeraffe f punkt de; der Punkt ist | a.tk@f.de; der Punkt ist",
            "jb period lefevre at darcourt period fr   | jb.lefevre@darcourt.fr",
            "at this point is the period at hand       | at this point is the period at hand",
            "d -at- a-b -dot- gr, d at-sign a-b.gr     | d@a-b.gr, d@a-b.gr",
            "d \u0441\u043e\u0431\u0430\u043a\u0430 a \u0442\u043e\u0447\u043a\u0430 gr | d@a.gr",
            "m punt v apenstaartje p punt nl           | m.v@p.nl",
            // numbers of two digits as a phone is read in groups
            "z\u00e9ro six douze trente-quatre cinquante-six soixante-dix-huit | 0 6 12 34 56 78",
            "six soixante et onze quatre-vingts quatre-vingt-onze dix-sept | 6 71 80 91 17",
            "null sechs zw\u00f6lf vierunddrei\u00dfig sechsundf\u00fcnfzig | 0 6 12 34 56",
            "cero seis treinta y cuatro veintid\u00f3s  | 0 6 34 22",
            "trente-quatre et vingt et un              | trentequatre et vingt et un",
    })
    void normalizesEachObfuscationClass(String raw, String expected) {
        assertThat(whole(raw).text().toString()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = ';', value = {
            // emphasis inside words: a pair of markers within one word is dropped, a lone "_" stays
            "Gre_ta_ Lindqvist Steu__ber__ Jean_ett_e      ; Greta Lindqvist Steuber Jeanette",
            "H3nri3*77a* 9!8`5`0n and 2*3 snake_case_x      ; H3nri377a 9!850n and 2*3 snakecasex",
            "S**orren**71n0 C0r*w1n* 4sh**d4**l3             ; Sorren71n0 C0rw1n 4shd4l3",
            // a letter after a leetspeak symbol belongs to its word: no spaced-letter run starts there
            "Mi$a L**i**nd 7e$$!e K**o**rv@n                ; Mi$a Lind 7e$$!e Korv@n",
            "user_name __init__ a_b                         ; user_name init a_b",
            // spaced letters: slashes and gaps of up to four chars between words
            "i v e y / j o h n s                            ; ivey johns",
            "D r .  V e x                                   ; Dr Vex",
            // a char that folds to nothing between two equal separators leaves one
            "\u0633 \u0645 \u064a \u0651 \u0629 / \u0632 \u0627 ; \u0633\u0645\u064a\u0629 \u0632\u0627",
            // spelled-out e-mail punctuation, spaced symbols
            "dara . kolobov {at} rambler . ru               ; dara.kolobov@rambler.ru",
            "c.ashdale (at) mail . example . org            ; c.ashdale@mail.example.org",
            "greta underscore lind at x dot se              ; greta_lind@x.se",
            "c dash ashdale <at> x dot org                  ; c-ashdale@x.org",
            "s . anteng @ nifty . com                       ; s.anteng@nifty.com",
            "<s . anteng @ nifty . com>                     ; <s.anteng@nifty.com>",
            "<s class=\"x\">Ann</s> <b>Lee</b>            ; Ann Lee",
            // digits spelled out, four at least, in the listed languages
            "zero three one one, one zero nine              ; 0 3 1 1 1 0 9",
            "null drei eins eins / trois un un neuf         ; 0 3 1 1 / 3 1 1 9",
            "one two three and one of them                  ; one two three and one of them",
            // a form-encoded space between words; digits of every script
            "Emilly+da+Rocha C++ A+1 +44                    ; Emilly da Rocha C++ A+1 +44",
            "\u0660\u0663\u0661 \u09e6\u09e9 \uff10\uff13 ; 031 03 03",
            // look-alikes: in both cases, one ASCII letter, only for scripts that imitate Latin
            "\u039caκs Pouwel\u0455 \u0421\u0435\u0440\u0433\u0435\u0439 ; Maks Pouwels Cepre\u0438",
            "\u0406van \u0456van \u042e\u044e \u0627\u0647 ; Ivan ivan \u042e\u044e \u0627\u0647",
    })
    void normalizesTheFormsOfIssueEleven(String raw, String expected) {
        assertThat(whole(unescape(raw.strip())).text().toString()).isEqualTo(unescape(expected.strip()));
    }

    /** The backslash-u escapes of a table cell, decoded (rows written with them stay readable). */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\u", i) && i + 6 <= s.length()) {
                sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                sb.append(s.charAt(i));
            }
        }
        return sb.toString();
    }

    @Test
    void aRunOfNumberWordsIsHeldUntilItEnds() {
        NormalizedView v = new NormalizedView();
        v.advance("call zero three one one", 23, false);
        assertThat(v.text().toString()).isEqualTo("call ");
        assertThat(v.holdFrom()).isEqualTo(5);
        v.advance("call zero three one one now", 27, true);
        assertThat(v.text().toString()).isEqualTo("call 0 3 1 1 now");
        assertThat(v.rawStart(5)).isEqualTo(5);
        assertThat(v.rawEnd(6)).isEqualTo(9);
    }

    /**
     * A word that no number word begins like ends a run of number words at once: "two epi" cannot become four
     * digits read aloud, so "two" is read as letters without waiting for the end of "episodes".
     */
    @Test
    void aRunOfNumberWordsEndsAtAWordNoNumberWordBeginsLike() {
        NormalizedView v = new NormalizedView();
        v.advance("in two epi", 10, false);
        assertThat(v.text().toString()).startsWith("in two");
        assertThat(v.holdFrom()).isGreaterThan(6);
        v = new NormalizedView();
        v.advance("call zero three on", 18, false);
        assertThat(v.text().toString()).as("'on' may still be 'one'").isEqualTo("call ");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "B4s1l M4hf0uz    | Basil Mahfouz | Basll Mahfouz",
            "A1-Kuwa1t1       | Ai-Kuwaiti    | Al-Kuwaltl",
            "j0hn@ex4mple     | johnaexample  | johnaexample",
            // a word of digits and symbols only is read too ("93374" may be "Geeta"); single digits are not
            "call 555 1234 $5 | call sss izea ss | call sss lzea ss",
            "!5@8e1 N3v35 7   | isabei Neves 7 | isabel Neves 7",
            "R!chell4 Wow!    | Richella Wowi  | Richella Wow!",
            "6ret4 Ma11ory    | greta Maiiory  | breta Mallory",
            "Basil Mahfouz    | Basil Mahfouz | Basil Mahfouz",
    })
    void leetspeakIsAnExtraView(String raw, String leetI, String leetL) {
        NormalizedView v = whole(raw);
        assertThat(v.views()).hasSize(NormalizedView.VIEWS);
        assertThat(v.views().get(0).text().toString()).isEqualTo(raw);
        assertThat(v.views().get(1).text().toString()).isEqualTo(leetI);
        assertThat(v.views().get(2).text().toString()).isEqualTo(leetL);
    }

    @Test
    void anAtRebuiltFromASpelledOutEmailIsNotReadAsALeetA() {
        // found by ObfuscatedStreamingPropertyTest: the name was glued to the next word ("VasquezaBen")
        NormalizedView v = whole(" J41m3 V45qu3z at B.e.n ");
        assertThat(v.text().toString()).isEqualTo(" J41m3 V45qu3z@Ben ");
        assertThat(v.views().get(1).text().toString()).isEqualTo(" Jaime Vasquez@Ben ");
        assertThat(v.views().get(2).text().toString()).isEqualTo(" Jalme Vasquez@Ben ");
        assertThat(whole("V@squez").views().get(1).text().toString()).isEqualTo("Vasquez");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            // what Python's json.dumps writes by default for "José Núñez"
            "{\"name\": \"Jos\\u00e9 N\\u00fa\\u00f1ez\"}     | {\"name\": \"Jose Nunez\"}",
            "\\\"Basil Mahfouz\\\" said                       | \"Basil Mahfouz\" said",
            "Basil\\nMahfouz\\tand\\r\\nB\\/M              | Basil Mahfouz and B/M",
            // an escaped backslash before "u" is the escape a reader of the decoded JSON decodes (helper-66)
            "a\\\\u00e9 b                                        | ae b",
            "a\\\\n b                                           | a\\n b",
            // a surrogate pair written as two escapes; lone surrogates and bad escapes stay as written
            "\\ud83d\\ude42 ok                                    | \ud83d\ude42 ok",
            "\\ud83d x \\ude42 \\u12G4 \\q                    | \\ud83d x \\ude42 \\u12G4 \\q",
            "\\u0042asil                                        | Basil",
            "tail \\u00                                        | tail \\u00",
            "tail \\                                           | tail \\",
    })
    void decodesJsonStringEscapes(String raw, String expected) {
        assertThat(whole(raw).text().toString()).isEqualTo(expected);
    }

    @Test
    void aDecodedEscapeMapsBackToTheWholeEscape() {
        // given: a name in a JSON argument, as json.dumps writes it
        String raw = "{\"name\": \"Jos\\u00e9 N\\u00fa\\u00f1ez\"}";
        NormalizedView v = whole(raw);
        String text = v.text().toString();
        int s = text.indexOf("Jose");
        int e = text.indexOf("Nunez") + 5;
        // then: the span covers the escapes exactly, so a redaction leaves valid JSON
        assertThat(raw.substring(v.coverStart(s, raw), v.coverEnd(e, raw))).isEqualTo("Jos\\u00e9 N\\u00fa\\u00f1ez");
        assertThat(raw.substring(v.rawStart(s + 3), v.rawEnd(s + 4))).isEqualTo("\\u00e9");
    }

    @Test
    void anUnfinishedEscapeIsHeldUntilDecided() {
        NormalizedView v = new NormalizedView();
        String raw = "Jos\\u00";
        v.advance(raw, raw.length(), false);
        assertThat(v.text().toString()).isEqualTo("Jos");
        assertThat(v.holdFrom()).isEqualTo(3);
        // (X: no number word nor spoken "@" or "." starts with it, so the view need not wait for the word's end, see
        // numberWords; "M" could begin Polish "małpa")
        raw = "Jos\\u00e9 X\\";
        v.advance(raw, raw.length(), false);
        assertThat(v.text().toString()).isEqualTo("Jose ");
        assertThat(v.holdFrom()).isEqualTo(10);  // X: what follows the backslash decides if X stands alone
        // ("Xo": no code word starts so either)
        raw = "Jos\\u00e9 X\\u00f3";
        v.advance(raw, raw.length(), false);
        assertThat(v.text().toString()).isEqualTo("Jose Xo");
        assertThat(v.holdFrom()).isEqualTo(raw.length());
        // a high surrogate waits for its low half
        v = new NormalizedView();
        raw = "xy.\\ud83d\\u";
        v.advance(raw, raw.length(), false);
        // (the trailing dot waits too: a char folding to nothing and another dot would join it)
        assertThat(v.text().toString()).isEqualTo("xy");
        assertThat(v.holdFrom()).isEqualTo(2);
        raw = "xy.\\ud83d\\ude42";
        v.advance(raw, raw.length(), true);
        assertThat(v.text().toString()).isEqualTo("xy.\ud83d\ude42");
        assertThat(v.holdFrom()).isEqualTo(raw.length());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "私はLorcan Whitfieldです。メールはl.whitfield@example.orgです。 | 私はLorcan Whitfieldてす。メールはl.whitfield@example.orgてす。",
            "我认识王秀英先生。                    | 我认识王秀英先生。",
            "「王秀英」、李明                       | 「王秀英」、李明",
            "私はL o r c a n W h i t f i e l dです | 私はLorcan Whitfieldてす",
            "王 秀 英                              | 王秀英",
    })
    void japaneseAndChineseFlowThroughTheViews(String raw, String expected) {
        // (the voicing mark of で is dropped like a diacritic, at registration too)
        assertThat(whole(raw).text().toString()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            // a dropped selector, keycap, tag or ZWJ belongs to the char before the mention, not to it
            "\u2764\uFE0FBasil Mahfouz!                                      | Basil Mahfouz",
            "1\uFE0F\u20E3Basil Mahfouz!                                    | Basil Mahfouz",
            "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7FBasil Mahfouz! | Basil Mahfouz",
            "\uD83D\uDC69\u200DBasil Mahfouz!                                | Basil Mahfouz",
            // the marks of the mention's own last char are its own
            "Basil Mahfouz\uFE0F\u2764\uFE0F                                  | Basil Mahfouz\uFE0F",
            "Basil Mahfouz\u0301\u0327 now                                   | Basil Mahfouz\u0301\u0327",
            // markup and invisible chars are still taken
            "\u200B**Basil Mahfouz**\u200B.                                  | \u200B**Basil Mahfouz**\u200B",
    })
    void aWidenedMatchStopsAtGraphemeClusterBoundaries(String raw, String expected) {
        // given
        NormalizedView v = whole(raw);
        String text = v.text().toString();
        int s = text.indexOf("Basil");
        int e = text.indexOf("Mahfouz") + "Mahfouz".length();
        // then
        assertThat(raw.substring(v.coverStart(s, raw), v.coverEnd(e, raw))).isEqualTo(expected);
    }

    @Test
    void lineBreaksAndTabsAreSpaces() {
        assertThat(whole("Basil\r\n\r\n\tMahfouz\n").text().toString()).isEqualTo("Basil Mahfouz ");
    }

    @Test
    void everyNormalizedCharMapsBackToItsRawSpan() {
        // given
        String raw = "x &#66;a\u200Ds&shy;il%20M";
        // when
        NormalizedView v = whole(raw);
        // then
        assertThat(v.text().toString()).isEqualTo("x Basil M");
        assertThat(raw.substring(v.rawStart(2), v.rawEnd(3))).isEqualTo("&#66;");
        assertThat(raw.substring(v.rawStart(2), v.rawEnd(7))).isEqualTo("&#66;a\u200Ds&shy;il");
        assertThat(raw.substring(v.rawStart(7), v.rawEnd(8))).isEqualTo("%20");
        assertThat(raw.substring(v.coverStart(2, raw), v.coverEnd(7, raw))).isEqualTo("&#66;a\u200Ds&shy;il");
    }

    @Test
    void matchesCoverTheMarkupAroundThemButNotTheSpaces() {
        // given
        String raw = "by **Basil** _Mahfouz_ now";
        NormalizedView v = whole(raw);
        String text = v.text().toString();
        int s = text.indexOf("Basil");
        int e = text.indexOf("Mahfouz") + "Mahfouz".length();
        // then
        assertThat(raw.substring(v.coverStart(s, raw), v.coverEnd(e, raw))).isEqualTo("**Basil** _Mahfouz_");
    }

    @Test
    void anUndecidedTailIsHeldOutOfTheView() {
        // given
        NormalizedView v = new NormalizedView();
        // when: an unfinished entity, then its end
        v.advance("Basil&nb", 8, false);
        // then
        assertThat(v.text().toString()).isEqualTo("Basil");
        assertThat(v.holdFrom()).isEqualTo(5);
        // ("Mo": no code word or number word starts so, "Ma" could begin "Martha", a German code word)
        v.advance("Basil&nbsp;Mo", 13, false);
        assertThat(v.text().toString()).isEqualTo("Basil Mo");
        assertThat(v.holdFrom()).isEqualTo(13);
    }

    @Test
    void aSpacedLetterRunThatCouldContinueIsHeld() {
        NormalizedView v = new NormalizedView();
        v.advance("by J o h", 8, false);
        assertThat(v.text().toString()).isEqualTo("by ");
        assertThat(v.holdFrom()).isEqualTo(3);
        v.advance("by J o h n.", 11, true);
        assertThat(v.text().toString()).isEqualTo("by John.");
        assertThat(v.holdFrom()).isEqualTo(11);
    }

    // ---------------------------------------------------------------- determinism over chunkings

    record Case(String text, List<Integer> cuts) {
    }

    @Provide
    Arbitrary<Case> obfuscatedTextsAndChunkings() {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("Basil", "Mahfouz", " ", "  ", "\n", "\t", ".", "-", "_", "*", "**",
                        "the ", "at ", "dot ", " at ", " dot ", "[at]", "(dot)", "a", "B", "x", "1", "4", "0", "@",
                        "$", ",", "(", "[")),
                Tuple.of(3, Arbitraries.of("B a s i l", "B.a.s.i.l", "M a h", "J o h n ", "N a ' s h", " ' ", "'", "B4s1l", "M4hf0uz",
                        "&nbsp;", "&#66;", "&#x42;", "&#66", "&#x4", "&#0006", "\u001B[1m", "\u001B[", "\u001B", "\uE000",
                        "\uFFFD", "\uD83D\uDE42", "\uD83C\uDFFD", " arroba ", " punto ", "ᴛʜ", "⒯", "+x@", "&amp;", "&am", "&", "&;", "%20", "%C3%A9", "%4", "%", "%zz",
                        "<b>", "</b>", "<br>", "<span class=x>", "<", "</", "<x>", "\\u00e9", "\\u00", "\\",
                        "\\n", "\\\"", "\\\\", "\\ud83d\\ude42", "\\ud83d", "\\u12G4", "\\_", "\\@", "\\ ",
                        "\uDB40\uDC41", "\uDB40")),
                Tuple.of(3, Arbitraries.of("\u0430", "\u0435", "\u043e", "\u0440", "\u0441", "\u200D", "\u200B",
                        "\u00AD", "\uFEFF", "\u202E", "\u00e9", "e\u0301", "\uFF22", "\u00A0", "\uD835\uDC01",
                        "\uD83D\uDE42", "\u00DF", "\u0130", "王", "秀", "は", "メール", "\u2764\uFE0F", "\u20E3")),
                // spoken addresses' words and numbers read in groups of two (helper-84)
                Tuple.of(2, Arbitraries.of(" punkt ", " point ", " period ", " -at- ", " -dot- ", "-", " at sign ",
                        " at-sign ", " \u0441\u043e\u0431\u0430\u043a\u0430 ", " \u0442\u043e\u0447\u043a\u0430 ", "polder", "nl", " m ",
                        " quatre", "-vingt", "-vingts", "-dix", " et ", " un", " soixante", " trente", "-quatre",
                        " y ", " treinta", " cuatro", " vier", "und", "drei\u00DFig", " zw\u00F6lf", " z\u00E9ro", " six",
                        " veintid\u00F3s", " dix", "-sept")),
                Tuple.of(1, Arbitraries.of(" ".repeat(70), "*".repeat(66), "B4s1l".repeat(14), "x".repeat(65))));
        Arbitrary<String> text = piece.list().ofMaxSize(40).map(l -> String.join("", l));
        return text.flatMap(t -> Arbitraries.integers().between(1, Math.max(1, t.length()))
                .list().ofMaxSize(15).map(cuts -> new Case(t, cuts)));
    }

    @Property(tries = 1000)
    void theViewsAndTheirMappingDoNotDependOnTheChunking(@ForAll("obfuscatedTextsAndChunkings") Case c) {
        // given
        List<String> expected = snapshot(whole(c.text()));
        List<Integer> cuts = new ArrayList<>(c.cuts().stream().filter(x -> x > 0 && x < c.text().length())
                .distinct().sorted().toList());
        cuts.add(c.text().length());
        // when
        NormalizedView v = new NormalizedView();
        int[] lastHold = new int[NormalizedView.VIEWS];
        for (int cut : cuts) {
            String prefix = c.text().substring(0, cut);
            v.advance(prefix, cut, false);
            // then: append-only, a prefix of the final views, and the hold never goes back
            List<String> now = snapshot(v);
            for (int i = 0; i < now.size(); i++) {
                String text = now.get(i).substring(0, now.get(i).indexOf(" |"));
                assertThat(expected.get(i)).startsWith(text);
                int hold = v.views().get(i).holdFrom();
                assertThat(hold).isBetween(lastHold[i], cut);
                lastHold[i] = hold;
            }
        }
        v.advance(c.text(), c.text().length(), true);
        assertThat(snapshot(v)).isEqualTo(expected);
        for (MappedText m : v.views()) {
            assertThat(m.holdFrom()).isEqualTo(c.text().length());
        }
    }
}
