package io.lethe.erasure;

import io.lethe.guard.Channel;
import io.lethe.guard.pipeline.GuardSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registered phone or identifier written across table cells, bracket groups or quoted CSV fields (red team 16
 * N7): every part is redacted and the cells, brackets and quotes between the parts stay, whole and streamed in
 * every chunk size. Before, one replacement merged the cells ({@code <td>[REDACTED]</td>}), left a bracket
 * unbalanced ({@code [REDACTED])}), and quoted fields were not read as one number at all.
 */
class CellRedactionTest {

    private static String whole(String text) {
        GuardSession s = ObfuscationClassesTest.PIPELINE.open(ObfuscationClassesTest.CTX, null);
        return s.scanWhole(Channel.content(0), text);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '#', quoteCharacter = '^', value = {
            "<td>031</td><td>110</td><td>9310</td> # <td>[REDACTED]</td><td>[REDACTED]</td><td>[REDACTED]</td>",
            "<tr><td>Phone</td><td>+82</td><td>31</td><td>110</td><td>9310</td></tr>"
                    + " # <tr><td>Phone</td><td>[REDACTED]</td><td>[REDACTED]</td><td>[REDACTED]</td><td>[REDACTED]</td></tr>",
            "(031)(110)(9310) # ([REDACTED])([REDACTED])([REDACTED])",
            "(+82)(31)(110)(9310) # ([REDACTED])([REDACTED])([REDACTED])([REDACTED])",
            "[031][110][9310] # [[REDACTED]][[REDACTED]][[REDACTED]]",
            "Call [031][110][9310] today. # Call [[REDACTED]][[REDACTED]][[REDACTED]] today.",
            "Call 031 | 110 | 9310 today. # Call [REDACTED] | [REDACTED] | [REDACTED] today.",
            // an inline tag inside a word is no cell border
            "It was Os<span>kar</span> Pel<b>kon</b>en. # It was [REDACTED].",
            "| +82 | 31 | 110 | 9310 | # | [REDACTED] | [REDACTED] | [REDACTED] | [REDACTED] |",
            "^\"031\",\"110\",\"9310\"^ # ^\"[REDACTED]\",\"[REDACTED]\",\"[REDACTED]\"^",
            "'031', '110', '9310' # '[REDACTED]', '[REDACTED]', '[REDACTED]'",
            "^031\t110\t9310^ # ^[REDACTED]\t[REDACTED]\t[REDACTED]^",
            "<td>QX</td><td>7742</td><td>1093</td> # <td>[REDACTED]</td><td>[REDACTED]</td><td>[REDACTED]</td>",
            // one number in one place stays one replacement, its brackets and dashes inside it
            "Call (031) 110-9310 today. # Call [REDACTED] today.",
            "Dial 031 / 110 / 9310 now. # Dial [REDACTED] now.",
            "Corwin Ashdale: +82 31-110-9310 # [REDACTED]: [REDACTED]",
            // a name as an array of one-char literals is no row of cells: one replacement, the list's brackets kept
            // (red team 17 R17-19: they were cut into 19 parts and both brackets eaten)
            "x = ['M','i','r','a','n','d','a',' ','Q','u','i','l','l','s','w','o','r','t','h'] # x = [REDACTED]",
            // a bar glued to a word is leetspeak's l, not a cell border: nothing of the name is kept
            "Ma||ory Quenby called. # [REDACTED] called.",
    })
    void partsKeepTheirCells(String text, String expected) {
        assertThat(whole(text)).isEqualTo(expected);
        assertThat(ObfuscationClassesTest.streamedLikeWhole(text, expected)).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '#', quoteCharacter = '^', value = {
            // helper-73: a mailto link around a registered address became "[REDACTED]]([REDACTED]"
            "Write to [corwin.ashdale@example.org](mailto:corwin.ashdale@example.org) today. # Write to [REDACTED] today.",
            "Write to [corwin.ashdale@example.org](mailto:corwin.ashdale@example.org?subject=Hi). # Write to [REDACTED].",
            "See [Corwin Ashdale](https://example.org/bio) now. # See [REDACTED] now.",
            "See Corwin [Ashdale](https://example.org/bio) now. # See [REDACTED] now.",
            "Write to [mail](mailto:corwin.ashdale@example.org) today. # Write to [mail](mailto:[REDACTED]) today.",
            // helper-80: a link right beside another one kept its brackets ("[[REDACTED]](mailto:[REDACTED])")
            "Write to [corwin.ashdale@example.org](mailto:corwin.ashdale@example.org)[a](https://x.org) today."
                    + " # Write to [REDACTED][a](https://x.org) today.",
            // the link before is another's and stays (it went too before typos kept a word's first letter)
            "Write to [a](https://x.org)[corwin.ashdale@example.org](mailto:corwin.ashdale@example.org) today."
                    + " # Write to [a](https://x.org)[REDACTED] today.",
            "Write to [a](https://x.org) [corwin.ashdale@example.org](mailto:corwin.ashdale@example.org) today."
                    + " # Write to [a](https://x.org) [REDACTED] today.",
            // helper-88: a name's two parts in two links side by side left stray brackets ("[REDACTED]) [[REDACTED]")
            "See [Corwin](https://example.com/a) [Ashdale](https://example.com/b) now. # See [REDACTED] [REDACTED] now.",
            "See [Corwin](https://example.com/a)[Ashdale](https://example.com/b) now. # See [REDACTED][REDACTED] now.",
            "See [Corwin](https://example.com/a)  [Ashdale](https://example.com/b) now."
                    + " # See [REDACTED]  [REDACTED] now.",
            // helper-97: one name in two links side by side is also read across them ("Ashdale](x)[Corwin"), and
            // that span, starting inside the first link's text, kept its "[" ("[[REDACTED][REDACTED]")
            "See [Corwin Ashdale](https://example.com/a)[Corwin Ashdale](https://example.com/b) now."
                    + " # See [REDACTED][REDACTED] now.",
            "See [Corwin Ashdale](mailto:corwin.ashdale@example.org)[Corwin Ashdale](https://example.com/b) now."
                    + " # See [REDACTED][REDACTED] now.",
            "See [Corwin Ashdale](https://example.com/a) [Corwin Ashdale](https://example.com/b) now."
                    + " # See [REDACTED] [REDACTED] now.",
            // a reference link's text and label are one part, not two bracket groups ("[REDACTED]][[REDACTED]")
            "^See [Corwin][1] Ashdale.\n\n[1]: mailto:corwin.ashdale@example.org^"
                    + " # ^See [REDACTED] [REDACTED].\n\n[1]: mailto:[REDACTED]^",
            "^See [Corwin Ashdale][c1] and [Corwin Ashdale][c2].\n\n[c1]: https://example.com/a^"
                    + " # ^See [REDACTED] and [REDACTED].\n\n[c1]: https://example.com/a^",
            "^See [Corwin Ashdale][1].\n\n[1]: https://example.com/a^ # ^See [REDACTED].\n\n[1]: https://example.com/a^",
    })
    void aMarkdownLinkAroundARedactedValueStaysWellFormed(String text, String expected) {
        assertThat(whole(text)).isEqualTo(expected);
        assertThat(ObfuscationClassesTest.streamedLikeWhole(text, expected)).isNull();
    }

    /**
     * helper-80: a redaction widened back into an HTML anchor's tag over the dropped markup took the tag's end and
     * the closing tag with it ({@code <a href="https://e.[REDACTED]}). The tag's markup and the closing tag stay;
     * what the span holds of an attribute's value is replaced. Whole and streamed alike. helper-88: the name's start
     * no longer widens back into the tag at all (whole tags or none), so an address naming nobody stays whole.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '#', quoteCharacter = '^', value = {
            // helper-88: an address naming nobody stays whole; the name's finding starts at its text, not in the tag
            "See <a href=\"https://e.org/\">Corwin Ashdale</a> now. # See <a href=\"https://e.org/\">[REDACTED]</a> now.",
            "See <a href=\"https://example.com/p/1\">Corwin Ashdale</a> for more."
                    + " # See <a href=\"https://example.com/p/1\">[REDACTED]</a> for more.",
            "See <a href=\"https://docs.python.org/3/library/\">Corwin Ashdale</a> for more."
                    + " # See <a href=\"https://docs.python.org/3/library/\">[REDACTED]</a> for more.",
            "See <a href=\"https://en.wikipedia.org/wiki/Prague\">Corwin Ashdale</a> for more."
                    + " # See <a href=\"https://en.wikipedia.org/wiki/Prague\">[REDACTED]</a> for more.",
            "See <a href=\"https://e.org/\"><b>Corwin Ashdale</b></a> now. # See <a href=\"https://e.org/\">[REDACTED]</a> now.",
            "See <a href=\"https://docs.python.org/3/library/\">John Smith</a> for more."
                    + " # See <a href=\"https://docs.python.org/3/library/\">John Smith</a> for more.",
            "See <a href=\"mailto:corwin.ashdale@example.org\">corwin.ashdale@example.org</a> now."
                    + " # See <a href=\"mailto:[REDACTED]\">[REDACTED]</a> now.",
            "See <a href=\"mailto:corwin.ashdale@example.org\">Corwin Ashdale</a> now."
                    + " # See <a href=\"mailto:[REDACTED]\">[REDACTED]</a> now.",
            "See <a href=\"https://e.org/corwin-ashdale\">Corwin Ashdale</a> now."
                    + " # See <a href=\"https://e.org/[REDACTED]\">[REDACTED]</a> now.",
            "See <a href='/p'>Corwin Ashdale</a> now. # See <a href='/p'>[REDACTED]</a> now.",
            "See <a class=x href=\"/p\">Corwin Ashdale</a> now. # See <a class=x href=\"/p\">[REDACTED]</a> now.",
            // markup wholly inside the span goes with it, as before
            "It was <b>Corwin Ashdale</b> today. # It was [REDACTED] today.",
            // a name and its address in angle brackets, as mail headers and git write them (helper-81)
            "From: Corwin Ashdale <corwin.ashdale@example.org> # From: [REDACTED] <[REDACTED]>",
            "git: Author: Corwin Ashdale <corwin.ashdale@example.org> 2026 # git: Author: [REDACTED] <[REDACTED]> 2026",
            "Reply to <corwin.ashdale@example.org> today. # Reply to <[REDACTED]> today.",
    })
    void anHtmlAnchorAroundARedactedValueKeepsItsMarkup(String text, String expected) {
        assertThat(whole(text)).isEqualTo(expected);
        assertThat(ObfuscationClassesTest.streamedLikeWhole(text, expected)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"031\",\"110\",\"9311\"",  // another number
            "\"12\",\"34\",\"56\"",
            "<td>031</td><td>110</td><td>9311</td>",
            "(031)(110)(9311)",
            "In the '90s we had 110 stores and 9310 staff.",
            "'2024', '2025'",
    })
    void otherNumbersInCellsStay(String text) {
        assertThat(whole(text)).isEqualTo(text);
    }
}
