package io.lethe.text;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TermAutomatonTest {

    private static String spans(TermAutomaton a, String text) {
        List<String> out = new ArrayList<>();
        List<TermAutomaton.Match> found = new ArrayList<>(a.findAll(text));
        found.sort(java.util.Comparator.comparingInt(TermAutomaton.Match::start).thenComparingInt(TermAutomaton.Match::end));
        for (TermAutomaton.Match m : found) {
            out.add(m.termId() + "@" + m.start() + "-" + m.end());
        }
        return String.join(" ", out);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "Basil Mahfouz wrote it                 | 0@0-13 2@6-13",
            "by basil mahfouz.                      | 0@3-16 2@9-16",
            "by BASIL MAHFOUZ                       | 0@3-16 2@9-16",
            "xBasil Mahfouz                         | 2@7-14",
            "Basil Mahfouzi                         | ''",
            "Basil Mahfouz_                         | ''",
            "(Basil Mahfouz)                        | 0@1-14 2@7-14",
            "Mahfouz and Basil                      | 2@0-7",
            "Basil Mahfouz Al-Kuwaiti               | 0@0-13 1@0-24 2@6-13",
            "a cat, concat, cat                     | 3@2-5 3@15-18",
    })
    void findsWholeWordMatchesCaseInsensitively(String text, String expected) {
        // given
        TermAutomaton a = TermAutomaton.build(List.of("Basil Mahfouz", "basil mahfouz al-kuwaiti", "Mahfouz", "cat"));
        // when / then
        assertEquals(expected, spans(a, text));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "私はLorcan Whitfieldです。             | 0@2-18",
            "lorcan whitfieldさん                   | 0@0-16",
            "xLorcan Whitfield                      | ''",
            "Lorcan Whitfield_                      | ''",
            "我认识王秀英先生。                       | 1@3-6",
            "「王秀英」                              | 1@1-4",
            "王秀英                                 | 1@0-3",
            "关于Project 夜莺计划                    | 2@2-12",
            "ProjectX 夜莺                          | ''",
            "ロルカン・ウィットフィールドです        | 3@5-14",
            "ウィットフィールドメール                | ''",
            "Lorcan Whitfield́                 | ''",
    })
    void findsTermsOnUax29WordBoundariesInAnyScript(String text, String expected) {
        // given
        TermAutomaton a = TermAutomaton.build(List.of("Lorcan Whitfield", "王秀英", "Project 夜莺", "ウィットフィールド"));
        // when / then
        assertEquals(expected, spans(a, text.strip()));
    }

    @Test
    void holdsAPartialIdeographicMatchWhereverItStarts() {
        TermAutomaton a = TermAutomaton.build(List.of("王秀英"));
        TermAutomaton.Cursor c = a.cursor();
        List<TermAutomaton.Match> out = new ArrayList<>();
        StringBuilder text = new StringBuilder("我认识王秀");
        // an ideograph is a word of its own: the partial match after 识 may still become one
        assertEquals(3, c.feed(text, text.length(), false, out));
        text.append("英");
        // the match waits for the next char: a combining mark would glue itself to 英 (WB4)
        assertEquals(3, c.feed(text, text.length(), false, out));
        assertEquals(List.of(), out);
        text.append("先生");
        c.feed(text, text.length(), false, out);
        assertEquals(List.of(new TermAutomaton.Match(0, 3, 6)), out);
    }

    @Test
    void holdsAPartialMatchOnlyWhereAWordCouldStart() {
        TermAutomaton a = TermAutomaton.build(List.of("Basil Mahfouz"));
        TermAutomaton.Cursor c = a.cursor();
        List<TermAutomaton.Match> out = new ArrayList<>();
        StringBuilder text = new StringBuilder("Hello Bas");
        assertEquals(6, c.feed(text, text.length(), false, out));
        text.append("ic");
        assertEquals(text.length(), c.feed(text, text.length(), false, out));
        text.append(" and xBasil");
        // "Basil" glued to "x" cannot start a match: nothing held
        assertEquals(text.length(), c.feed(text, text.length(), false, out));
        assertEquals(List.of(), out);
    }

    @Test
    void aMatchAtTheEndWaitsForTheNextCharacterToConfirmTheBoundary() {
        TermAutomaton a = TermAutomaton.build(List.of("cat"));
        TermAutomaton.Cursor c = a.cursor();
        List<TermAutomaton.Match> out = new ArrayList<>();
        StringBuilder text = new StringBuilder("a cat");
        assertEquals(2, c.feed(text, text.length(), false, out));
        assertEquals(List.of(), out);
        text.append("s");
        assertEquals(text.length(), c.feed(text, text.length(), false, out));
        assertEquals(List.of(), out, "'cats' is another word");
        text.append(" cat");
        c.feed(text, text.length(), false, out);
        assertEquals(List.of(), out);
        c.feed(text, text.length(), true, out);
        assertEquals(List.of(new TermAutomaton.Match(0, 7, 10)), out);
    }

    @Test
    void rejectsBlankTerms() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TermAutomaton.build(List.of("ok", " ")));
    }

    @Test
    void scalesToManyTermsSharingPrefixes() {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            terms.add("name" + i + " surname" + (i % 97));
        }
        TermAutomaton a = TermAutomaton.build(terms);
        String text = "we met name12345 surname26 yesterday and name7 surname7.";
        assertEquals("12345@7-26 7@41-55", spans(a, text));
    }
}
