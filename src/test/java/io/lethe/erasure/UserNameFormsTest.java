package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * User names, handles and glued forms built from a registered person's name, in an e-mail that is not
 * registered (red team 16 N3); and the user name of a registered address written without its domain.
 */
class UserNameFormsTest {

    static final List<Object[]> PEOPLE = List.of(
            new Object[] {"p-miranda", new CompiledErasures.Spec(List.of("Miranda Quillsworth"), null, null, null, null)},
            new Object[] {"p-tobias", new CompiledErasures.Spec(List.of("Tobias Ashbrook"), null,
                    List.of("t.ashbrook@example.net"), null, null)},
            new Object[] {"p-tarrant", new CompiledErasures.Spec(List.of("Elspeth Tarrant"), null, null, null, null)},
            new Object[] {"p-hauser", new CompiledErasures.Spec(List.of("Perpetua Hauser"), null, null, null, null)},
            new Object[] {"p-price", new CompiledErasures.Spec(List.of("Anneliese Price"), null, null, null, null)});

    private static final PeoplePipeline PIPELINE = new PeoplePipeline(PEOPLE);

    static String check(String text, String expected) {
        return PIPELINE.check(text, expected);
    }

    /** {@code marked}: the spans that must be redacted between ⟦ and ⟧; the rest stays as it is. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            // the initial with the surname, and a registered user name at another domain, are no keys (UserNames.keys, seed 2718281)
            // initial and surname, either order, with . _ - or nothing between, in an address nobody registered
            "Write to ⟦mquillsworth⟧@example.org today.",
            "Write to ⟦M-Quillsworth⟧@example.org today.",
            "Write to ⟦mquillsworth⟧+news@example.org today.",
            // a handle, a profile URL, a login: the full name in either order too
            "Her login is ⟦Quillsworth_Miranda⟧ there.",
            "Her login is ⟦quillsworth.miranda⟧ there.",
            // digits glued after the name: a year or a counter
            "Her handle is ⟦Quillsworth1970⟧ now.",
            "Write to ⟦miranda.quillsworth70⟧@example.com today.",
            // the user name of a registered address, its domain apart or absent
            "The user ⟦t.ashbrook⟧ logged in.",
            "Write to ⟦t.ashbrook⟧ at the example domain.",
            // a given name with the surname's initial: only once the person is named
            "⟦Miranda Quillsworth⟧ answers at ⟦mirandaq⟧@example.org today.",
            "⟦Miranda Quillsworth⟧ is ⟦mirandaq70⟧ on chat.",
            "⟦Miranda Quillsworth⟧ wrote it; ⟦quillsworth⟧@example.org is hers.",
            // a lower-case dotted abbreviation before a surname the answer follows up on, or before a name
            "⟦Elspeth Tarrant⟧ wrote it; critics, e.g. ⟦Tarrant⟧, disagreed.",
            "⟦Perpetua Hauser⟧ wrote it; at 3 p.m. ⟦Hauser⟧ left.",
            "⟦Elspeth Tarrant⟧ wrote it; critics, i.e. ⟦Tarrant⟧'s rivals, disagreed.",
            "Critics, e.g. ⟦Elspeth Tarrant⟧, disagreed.",
            "At 3 p.m. ⟦Perpetua Hauser⟧ left.",
            "At 3 p.m. ⟦M. Quillsworth⟧ left.",
    })
    void userNamesOfARegisteredPersonAreRedacted(String marked) {
        String text = marked.replace("⟦", "").replace("⟧", "");
        String expected = marked.replaceAll("⟦[^⟧]*⟧", "[REDACTED]");
        assertThat(check(text, expected)).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            // a registered user name at another domain is another mailbox;
            // the initial with the surname is anyone's at 100,000 people (seed 2718281: c.ross@ read "cross",
            // a.martino@ of Assia and of Alighieri Martino)
            "Write to t.ashbrook@corp.example instead.",
            "Write to m.quillsworth@example.com today.",
            // a given name with a letter glued names no one by itself
            "Ask mirandaq@example.org about it.",
            "Ping mirandaq70 today.",
            // a common surname in someone else's user name ("Price" is Anneliese Price's)
            "Write to mark.price@example.com today.",
            "Write to a.price@example.com today.",
            "Follow @price_a there.",
            // ordinary words with digits, abbreviations, a surname alone or with one digit
            "covid19 and win10 and e.g. the rest.",
            "Cited e.g. Tarrant and p.m. Hauser here.",
            "Quillsworth is a village; Quillsworth7 won.",
            "The sensor tag t.ashbrooke is unrelated.",
            // a registered address's domain, and a role mailbox, name no one
            "The example.net domain is reserved.",
    })
    void benignSiblingsStayUnchanged(String text) {
        assertThat(check(text, text)).isNull();
    }
}
