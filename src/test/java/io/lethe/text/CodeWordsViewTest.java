package io.lethe.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The view's readings red team 12 asked for: "X-ray", hyphenated as ICAO writes it, is one code word; wiki
 * links and bracketed text read as the text they show.
 */
class CodeWordsViewTest {

    static String view(String raw) {
        NormalizedView v = new NormalizedView();
        v.advance(raw, raw.length(), true);
        return v.text().toString().substring(0, v.length());
    }

    /** Syllables parted by hyphens or middle dots read whole, not an address's or a single letter's (red team 13). */
    @Test
    void syllablesReadWhole() {
        assertThat(view("Mi-ran-da Quills·worth, mi-RAN-da")).isEqualTo("Miranda Quillsworth, miRANda");
        assertThat(view("Mail c-ashdale@my-site.com or my-site.org, x-ray, e-mail, state-of-the-art 2-3"))
                .isEqualTo("Mail c-ashdale@my-site.com or my-site.org, x-ray, e-mail, stateoftheart 2-3");
        assertThat(view("a user_name-x and Jean-Pierre-")).isEqualTo("a user_name-x and JeanPierre-");
        assertThat(view("E-van-der This-tle-wood, Mi-r-an-da; T-shirt, A-list")).isEqualTo(
                "Evander Thistlewood, Miranda; T-shirt, A-list");
    }

    @Test
    void xRayIsOneCodeWord() {
        assertThat(view("Papa Romeo India X-ray Echo")).isEqualTo("Prixe");
        assertThat(view("X-ray vision is not a word spelt out")).startsWith("X-ray");
    }

    @Test
    void wikiLinksAndBracketsReadAsTheirText() {
        assertThat(view("See [[Corwin]] [[Page|Ashdale]].")).isEqualTo("See Corwin Ashdale.");
        assertThat(view("See \\[Corwin\\] [Ashdale] [[x] ]]")).isEqualTo("See Corwin Ashdale x] ");
    }

    /**
     * The German spelling alphabet (DIN 5009), its names and its 2022 cities, with umlauts or written out, read
     * like the ICAO one; fewer than four code words in a row stay words.
     */
    @Test
    void germanCodeWords() {
        assertThat(view("Gustav Richard Emil Theodor Anton")).isEqualTo("Greta");
        assertThat(view("Goslar Rostock Essen Tübingen Aachen")).isEqualTo("Greta");
        assertThat(view("Goslar Rostock Essen Tuebingen Aachen, Ludwig Ingelheim")).isEqualTo("Greta Li");
        assertThat(view("Düsseldorf Otto Rostock Anton")).isEqualTo("Dora");
        assertThat(view("Otto, Emil und Ida kamen aus Köln.")).isEqualTo("Otto, Emil und Ida kamen aus Koln.");
        assertThat(spans("Dora Otto Richard Anton")).isEqualTo("D@0-4 o@5-9 r@10-17 a@18-23 ");
        assertThat(streamedSpans("Düsseldorf Otto Rostock Anton!")).isEqualTo(spans("Düsseldorf Otto Rostock Anton!"));
    }

    /**
     * Negative squared and circled capitals read as their letters (in lower case, as the other styled letters
     * named in CharFold), each mapped to its surrogate pair.
     */
    @Test
    void negativeSquaredAndCircledLetters() {
        assertThat(view("🅼🅸🆁🅰 🅜🅘🅡🅐 🄼🄸🅁🄰")).isEqualTo("mira mira MIRA");
        assertThat(spans("a🅼b")).isEqualTo("a@0-1 m@1-3 b@3-4 ");
    }

    /** Character arrays, concat calls, templates and other joins read as their text, streamed alike. */
    @Test
    void codeThatBuildsATextReadsAsIt() {
        assertThat(view("c = {'G','r','e','t','a','\\0'};")).isEqualTo("c = {Greta};");
        assertThat(view("c = ('G', 'r', 'e',)")).isEqualTo("c = (Gre,)");
        assertThat(view("CONCAT('Gre', 'ta ', 'Lind')")).isEqualTo("CONCAT(Greta Lind)");
        assertThat(view("CONCAT_WS(' ', 'Greta', 'Lind')")).isEqualTo("CONCAT_WS(Greta Lind)");
        assertThat(view("`${'Gre'}ta ${\"Lind\"}`")).isEqualTo("Greta Lind");  // the backticks are emphasis markers to the view
        assertThat(view("f\"{'Greta'}\"; \"Gre\" & \"ta\"; echo \"Gre\"\"ta\"")).isEqualTo("f\"Greta\"; \"Greta\"; echo \"Greta\"");
        // not: chars that are no list of chars, a concat of names, an empty literal, a substitution of a name
        for (String raw : new String[] {"{'ab','c','d'}", "f('a', 'b')", "concat(a, 'b')", "x = \"\";", "y = '';",
                "${name}", "{'k': 1}", "{x}", "$5"}) {
            assertThat(view(raw)).isEqualTo(raw);
        }
        assertThat(spans("{'G','r','e'}")).isEqualTo("{@0-1 G@2-3 r@6-7 e@10-11 }@12-13 ");
        for (String raw : new String[] {"c = {'G','r','e','t','a','\\0'};", "CONCAT_WS('', 'Gre', 'ta')",
                "`${'Gre'}ta`", "\"Gre\"\"ta\" & \"x\""}) {
            assertThat(streamedSpans(raw)).isEqualTo(spans(raw));
        }
    }

    /** JavaScript's %u and ES6 escapes, and LaTeX inside a word, each mapped to the whole escape or command. */
    @Test
    void escapesAndLatexInAWord() {
        assertThat(spans("%u0047%u0072")).isEqualTo("G@0-6 r@6-12 ");
        assertThat(spans("\\u{47}\\u{0072}")).isEqualTo("G@0-6 r@6-14 ");
        assertThat(view("%uD83D%uDE00 \\u{1F600}")).isEqualTo(view("\uD83D\uDE00 \uD83D\uDE00"));
        assertThat(spans("Gr\\'eta")).isEqualTo("G@0-1 r@1-2 e@2-5 t@5-6 a@6-7 ");
        assertThat(view("Gr\\-eta Lind{}qvist $\\mathrm{Greta}$ M\\'{e}lanie")).isEqualTo("Greta Lindqvist Greta Melanie");
        assertThat(view("c\\-ashdale\\@example\\.org $5 {} x{}1 it\\'s O\\'Brien")).isEqualTo("c-ashdale@example.org $5 {} x{}1 its O'Brien");
        for (String raw : new String[] {"%u0047%u0072eta", "\\u{47}reta", "Gr\\-eta Lind{}qvist", "$\\mathrm{Greta}$ $$\\text{x}$$",
                "M\\'{e}lanie G\\\"otz"}) {
            assertThat(streamedSpans(raw)).isEqualTo(spans(raw));
        }
    }

    /** The view of {@code raw} streamed a char at a time, with its raw spans, as {@link #spans} writes them. */
    static String streamedSpans(String raw) {
        NormalizedView v = new NormalizedView();
        for (int i = 1; i <= raw.length(); i++) {
            v.advance(raw.substring(0, i), i, false);  // nothing past the stream's end to read
            assertThat(v.holdFrom()).isLessThanOrEqualTo(i);
        }
        v.advance(raw, raw.length(), true);
        return spans(v);
    }

    static String spans(String raw) {
        NormalizedView v = new NormalizedView();
        v.advance(raw, raw.length(), true);
        return spans(v);
    }

    private static String spans(NormalizedView v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            b.append(v.text().charAt(i)).append('@').append(v.rawStart(i)).append('-').append(v.rawEnd(i + 1)).append(' ');
        }
        return b.toString();
    }

    @Test
    void literalsJoinedByOtherOperatorsThanPlus() {
        assertThat(view("x = \"Gre\" \"ta Lind\" 'qvist';")).isEqualTo("x = \"Greta Lindqvist';");
        assertThat(view("x = (\"Gre\"\n     \"ta\")")).isEqualTo("x = (\"Greta\")");
        assertThat(view("'Gre' || 'ta', 'Gre'||'ta'")).isEqualTo("'Greta', 'Greta'");
        assertThat(view("'Gre' . 'ta', 'Gre'.'ta', 'Gre' .. 'ta'")).isEqualTo("'Greta', 'Greta', 'Greta'");
        assertThat(view("String s = \"Gre\" +\r\n    \"ta\";")).isEqualTo("String s = \"Greta\";");
        // the pieces map back to their own raw chars; the glue lies between them
        String raw = "'Gr' || 'eta'";
        assertThat(spans(raw)).isEqualTo("'@0-1 G@1-2 r@2-3 e@9-10 t@10-11 a@11-12 '@12-13 ");
        assertThat(streamedSpans(raw)).isEqualTo(spans(raw));
    }

    @Test
    void listsOfLiteralsJoinedWithAnEmptyOrASpaceSeparator() {
        // the list's start and end read as spaces, so a finding in it ends with the name (red team 14 N3)
        assertThat(view("x = \"\".join([\"Gre\", \"ta Lind\", 'qvist'])")).isEqualTo("x = Greta Lindqvist ");
        assertThat(view("x = ''.join(('Gre','ta'));")).isEqualTo("x = Greta ;");
        assertThat(view("x = ''.join([\n    'Gre',\n    'ta',\n]);")).isEqualTo("x = Greta ;");
        assertThat(view("x = \" \".join(['Greta', 'Lindqvist'])")).isEqualTo("x = Greta Lindqvist ");
        assertThat(view("x = [\"Gre\",\"ta\"].join(\"\");")).isEqualTo("x = Greta ;");
        assertThat(view("x = ['Gre', 'ta'].join('');")).isEqualTo("x = Greta ;");
        assertThat(view("x = ['Greta', 'Lindqvist'].join(' ');")).isEqualTo("x = Greta Lindqvist ;");
        String raw = "x = ''.join(['Gr', 'eta'])!";
        assertThat(spans(raw)).isEqualTo("x@0-1  @1-2 =@2-3  @3-14 G@14-15 r@15-16 e@20-21 t@21-22 a@22-23  @23-26 !@26-27 ");
        assertThat(streamedSpans(raw)).isEqualTo(spans(raw));
        String js = "x = ['Gr', 'eta'].join(' ')!";
        assertThat(streamedSpans(js)).isEqualTo(spans(js));
    }

    @Test
    void codeAndProseThatJoinNoLiterals() {
        for (String raw : new String[] {"if (a || b) return 'x' || y;", "He said 'yes'. 'No', she said.",
                "''.join(names), x = \"\" + y, a.join(\"\") and \"a\"... \"b\""}) {
            assertThat(view(raw)).isEqualTo(raw);
            assertThat(streamedSpans(raw)).isEqualTo(spans(raw));
        }
        // other separators are left as written (a bracket around text reads without it, as before)
        String raw = "\", \".join([\"a\", \"b\"]) and [\"a\", \"b\"].join(\", \") and [\"a\", \"b\"]";
        assertThat(view(raw)).isEqualTo("\", \".join(\"a\", \"b\") and \"a\", \"b\".join(\", \") and \"a\", \"b\"");
        assertThat(streamedSpans(raw)).isEqualTo(spans(raw));
    }
}
