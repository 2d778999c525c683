package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.Nicknames;
import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.ScanContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Namesakes (issue 11, item 9): a variant that stacks two weakening steps (an initial, a reversed order, a
 * typo, a nickname) does not fire alone on ordinary prose; each single step still does.
 */
class NamesakeTest {

    static final List<String> PEOPLE = List.of("Ariella Grandin", "Marlon James", "Chris Brand", "Gretchen Oyelaran",
            "María Soledad Delao", "Isabel Neves", "Anneliese Smart", "Jean Pierre", "Eva Noël",
            "Marlon Pellegrino", "Renzo Pellegrini", "Orla Reilly", "于果", "Bianca D'Angelo",
            "Kleber Tavaro", "In Larkworth", "Ruth Summer", "Sam Green", "Amy Wood",
            "Prof. Dr. Ulrike Hansen-Wolff", "Louise Marchand", "Théo Larsen", "Philip Okonkwo", "Curt Haglund",
            "Mark Price", "Jack Wood", "Merana Kolvenhoek", "Anja Trulsen");

    static ErasureStage stage() {
        List<CompiledErasures.Spec> specs = new ArrayList<>();
        List<ErasureStage.Entry> entries = new ArrayList<>();
        for (String p : PEOPLE) {
            specs.add(new CompiledErasures.Spec(List.of(p), null, null, null, null));
            entries.add(new ErasureStage.Entry(p, null, Erasure.Scope.EVERYWHERE, null, false));
        }
        return new ErasureStage(CompiledErasures.build(specs, Nicknames.shipped(), "US",
                CompiledErasures.Fuzzy.DEFAULT), entries.toArray(new ErasureStage.Entry[0]), new BitSet(),
                CompiledErasures.empty(), new ErasureStage.Entry[0], Map.of());
    }

    static final ErasureStage STAGE = stage();

    /** Findings of {@code text} fed as growing windows, one char more each time, then complete. */
    static List<Finding> streamed(String text) {
        var scanner = STAGE.open(new ScanContext("r", "m", null, null), Channel.content(0));
        List<Finding> out = new ArrayList<>();
        for (int k = 1; k < text.length(); k++) {
            out.addAll(scanner.scan(ObfuscationFixtures.window(text.substring(0, k), false)).findings());
        }
        out.addAll(scanner.scan(ObfuscationFixtures.window(text, true)).findings());
        return out;
    }

    static List<Finding> scan(String text) {
        return STAGE.open(new ScanContext("r", "m", null, null), Channel.content(0))
                .scan(ObfuscationFixtures.window(text, true)).findings();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "She achieved A grades in every subject.",
            "James M. wrote the foreword.",
            "James M wrote the foreword.",
            "He met C. Bryan at the station.",
            "The committee thanked C. Brandt for her time.",
            "Grandin A. was not the author.",
            "Brand C. is listed.",
            "Marlon Jamie played.",
            "She achieved a grandin.",
            "Maria Della Pace",
            "I never did.",
            "A smart move.",
            "Grandin ariella",
            "Pierre-Jean left.",
            "Leon Ave",
            "Marlon Pellegrini spoke.",
            "Omar O'Reilly spoke; O'Reilly left.",
            "湛果于2019年离开了公司。",
            // someone else's name around the form: a given name or an initial before it, a name after it
            "Dr. Robert C. Brand spoke.",
            "Lee A. Grandin spoke.",  // a given name at a sentence's start (unlike "See A. Grandin")
            "Mr. and Mrs. R. C. Brand arrived.",
            "The minister met Clinton C. Brand and his wife.",
            "Mrs. Clinton C. Brand will judge the costumes.",
            "The U.A. Grandin collection.",
            "A. Grandin Thompson is one of those names.",
            // a comma after a leading initial; an initial in another script (Greek κ. = Mr.)
            "In Washington, D.C., Brand spoke.",
            "Δίνω τον λόγο στον κ. Tavaro αυτήν τη στιγμή.",
            // a short lower-case first word is a function word
            "If, in Larkworth's eyes, they fail.",
            // a comma inside a forward name, a lower-case surname in a citation
            "In summer, Ruth went hiking.",
            // an unregistered middle initial is one departure: not on top of an initial or a typo
            "A. M. Grandin wrote it.",
            "C. \"Kit\" Brand poured.",
            // "M." in French prose is Monsieur: a title and a surname
            "Je voudrais remercier M. James pour le travail qu'il a réalisé.",
            "Ariella M. Grandine wrote it.",
            "Sam, green with envy, left.",
            "Amy, Wood and Stone are the three candidates.",
            "C. Brnd poured.",
            // a man's name the nickname list links with the registered woman's name is another name
            "Louis Marchand spoke.",
            // a word of three letters is a four-letter name less a letter only capitalized and no function word
            "The Larsen report came out.",
            "eva nol sang.",
            // a name of two common words in lower case is a phrase (red team 13 F14)
            "Liquidations use the mark price, not the last price.",
            "Use jack wood for the table.",
            "Mark price: 101.5 USDT.",
            // an initial glued before a short surname is too often a word ("sgreen", "awood"): not one
            "The sgreen tool and awood files.",
            // joined as a field name (red team 15 R16: JSON keys in tool-call arguments)
            "{\"mark_price\": 42150.2, \"markPrice\": 1, \"mark-price\": 2}",
            // a schema's field name, and a field name as the value of a plain "name" key
            "{\"name\": \"mark_price\", \"type\": \"number\"}",
            "field name: mark_price",
            "Use jack wood @ home for the table.",  // "@" after a space: no user name
            // a typo on a word's first letter reads another name (untuned evaluation, dev: "Park West" for
            // Mark West): replaced, inserted or dropped, in a given name or a surname, short or long
            "Serana Kolvenhoek spoke.",
            "Erana Kolvenhoek spoke.",
            "Danja Trulsen spoke.",
            "Anja Grulsen spoke.",
            "Anja Strulsen spoke.",
            "anja rulsen spoke.",
            "Merana Solvenhoek spoke.",
            "Merana Skolvenhoek spoke.",
            "Merana Olvenhoek spoke.",
            "Merana Solvenhoke spoke.",
            // an undotted letter with a grave accent is a word, not an initial (Europarl: "À Noël" for A. Noël)
            "À Grandin, on parle français.",
            "Chegou é Grandin.",
            "À Trulsen il fait froid.",
    })
    void stackedVariantsDoNotFireAlone(String text) {
        assertThat(scan(text)).as(text).isEmpty();
        // streamed one char at a time: a hit judged by what follows it ("A. Grandin| Thompson") waits for it
        assertThat(streamed(text)).as("streamed " + text).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Ariella Grandin wrote it.",
            "A. Grandin wrote it.",
            "Grandin, Ariella wrote it.",
            "Grandin, A. wrote it.",
            "James, Marlon wrote it.",
            "M. James wrote it.",
            "Ariella Grandine wrote it.",
            "Gretchen Oyelarran wrote it.",
            "Gretchen Oyelaran wrote it.",
            "Chris Brannd poured.",
            "Chris Brnd poured.",  // a letter dropped from a five-letter word
            "Eva Nol sang.",       // a letter dropped from a four-letter word, capitalized
            "Cut Haglund sang.",
            "Phillip Okonkwo sang.",  // a common given name with a letter doubled is that name
            "Mark Price sang.",
            "MARK PRICE sang.",
            "mark Price sang.",
            "MarkPrice sang.",    // a handle: not lower camel case
            // user names: the surname first, or an initial glued before it (red team 15 R9)
            "See github.com/goyelaran for it.",
            "Write to goyelaran@example.com today.",
            "@OyelaranGretchen posted it.",
            "OYELARANGRETCHEN posted it.",
            "amy wood sang.",     // lower case, one of the words no common word
            "Philip Okonkwo sang.",
            "Eva Neol sang.",      // two letters swapped in a four-letter word
            "Eva Nool sang.",      // a letter changed in a four-letter word
            "Olra Reilly sang.",
            "Yes, A. Grandin was one of the founders.",
            "Dr. A. Grandin spoke.",
            "Professor A. Grandin spoke.",
            "Then A. Grandin spoke.",
            // a word of the nickname list that begins a sentence as a verb or auxiliary is no given name
            "See A. Grandin for details.",
            "Will A. Grandin attend?",
            "Hi. See A. Grandin now.",
            "K. Tavaro spoke.",
            "In Larkworth spoke.",
            "in larkworth spoke.",
            "Summer, Ruth went hiking.",
            "Ariella M. Grandin wrote it.",  // a middle initial the registry does not hold
            "Ulrike Hansen-Wolff wrote it.",  // registered with titles
            "Chris \"Kit\" Brand poured.",     // a nickname in quotes or brackets between the names
            "Chris (Kit) Brand poured.",
            "M. James wrote the foreword in English.",  // an initial in English prose
            "Chris 'Kit' Brand poured.",
            "Dr. Ulrike Hansen-Wolff wrote it.",
            "Green, Sam went hiking.",
            "iN LaRkWoRtH spoke.",  // alternating case: the name, not a function word
            "Chris Barnd poured.",
            "Grandin Ariella wrote it.",
            "A Grandin wrote it.",
            "ariella grandin wrote it.",
            "ARIELLA GRANDIN wrote it.",
            "Ariella Garndin wrote it.",
            "Ariella Grndin wrote it.",
            "lëoN avE",
            "B D'angelo wrote it.",
            "M4rl0n J4m3s",
            "于果说",
            "Lou Marchand spoke.",  // a nickname of the registered given name
            // a lower-case name of common words where a person is named by user name or in a person field
            // (red team 16 N8): an e-mail's user name, a handle, a profile URL, a person's record
            "Write to mark.price@gmail.com today.",
            "mark_price@gmail.com",
            "jack.wood-8812@example.org",
            "twitter.com/markprice",
            "https://linkedin.com/in/mark-price-8812",
            "@jack_wood on twitter",
            "{\"name\": \"mark price\", \"city\": \"Boston\"}",
            "author: jack_wood",
            // typos that keep a word's first letter, and the first two letters swapped
            "Emrana Kolvenhoek spoke.",
            "Merana Kolvenheok spoke.",
            "Merna Kolvenhoek spoke.",
            "Merana Kolvnhoek spoke.",
            "Merana Kolvenhoeck spoke.",
            "Merana Oklvenhoek spoke.",
            "Merana Kolvemhoke spoke.",
            "Anja Trulsem spoke.",
            "Anja Trullsen spoke.",
            "Anja Rtulsen spoke.",
            "Anha Trulsen spoke.",
            "A Trulsen spoke.",
            "A. Trulsen spoke.",
            "Á. Trulsen spoke.",
            "Á Trulsen spoke.",  // an initial with another mark is a name's (Ádám; "İ" for İrem)
    })
    void eachSingleStepStillFires(String text) {
        assertThat(scan(text)).as(text).isNotEmpty();
        assertThat(streamed(text)).as("streamed " + text).isNotEmpty();
    }
}
