package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registered person's surname with something other than their full given name (red team 17): the Vancouver
 * citation order with bare initials (R17-10), the given name in brackets or after "née" or "first name" (R17-2),
 * and an honorific or title before a distinctive surname, or an "et al." citation of one (R17-15, R10). Whole
 * answers and every chunking of them give the same text.
 */
class SurnameFormsTest {

    static final List<Object[]> PEOPLE = List.of(
            new Object[] {"p-miranda", new CompiledErasures.Spec(List.of("Miranda Quillsworth"), null, null, null, null)},
            new Object[] {"p-tobias", new CompiledErasures.Spec(List.of("Tobias Ashbrook"), null,
                    List.of("t.ashbrook@example.net"), null, null)},
            new Object[] {"p-price", new CompiledErasures.Spec(List.of("Mark Price"), null, null, null, null)},
            new Object[] {"p-wood", new CompiledErasures.Spec(List.of("Harriet Wood"), null, null, null, null)},
            new Object[] {"p-smith", new CompiledErasures.Spec(List.of("Odalys Smith"), null, null, null, null)},
            // nine letters and no common word: distinctive by the rule user names use (NameVariants.userNameSurname)
            new Object[] {"p-lindqvist", new CompiledErasures.Spec(List.of("Greta Lindqvist"), null, null, null, null)});

    private static final PeoplePipeline PIPELINE = new PeoplePipeline(PEOPLE);

    static String check(String text, String expected) {
        return PIPELINE.check(text, expected);
    }

    /** {@code marked}: the spans that must be redacted between ⟦ and ⟧; the rest stays as it is. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            // a title, "et al." or a Vancouver author's bare initials without the given name is no form (NameVariants.forms)
            // R17-10: Vancouver / PubMed order, surname then initials without dots
            "First author: ⟦Quillsworth, M⟧. (2019).",
            // R17-2: the given name in brackets, after "first name", or a married name with "née"
            "⟦Quillsworth (Miranda)⟧ wrote it.",
            "⟦Miranda Smith (née Quillsworth)⟧ spoke first.",
            "⟦Miranda (née Quillsworth)⟧ spoke first.",
            "⟦Miranda Hartwell (born Quillsworth)⟧ spoke first.",
            // R17-15 / R10: a title or honorific before a distinctive surname, an "et al." citation
            // named in full before: the surname after the title is a follow-up
            "⟦Miranda Quillsworth⟧ chaired it; later Dr. ⟦Quillsworth⟧ reported the sightings.",
    })
    void surnameFormsAreRedacted(String marked) {
        String text = marked.replace("⟦", "").replace("⟧", "");
        String expected = marked.replaceAll("⟦[^⟧]*⟧", "[REDACTED]");
        assertThat(check(text, expected)).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            // a title before a common-word or frequent surname names anyone of that name
            "Dr. Price said the rate was high.",
            "Mr. Wood came by.",
            "Dr. Smith reported the sightings.",
            "Smith J, Price M, Lee K. Owls.",
            "Lee K, Wood H. Owls at dusk.",
            "Lee K, Price M",
            "We asked Quillsworth M. to wait.",
            "Quillsworth M wrote the foreword.",
            // another person of the surname: a given name between the title and it, or a title in lower case
            "Dr. Edwin Quillsworth reported the sightings.",
            "Mr. H. Ashbrook reported the sightings.",
            "the dr. quillsworth case",
            "The panel met Edwin Quillsworth; later Dr. Quillsworth reported the sightings.",
            "Edwin Quillsworth chaired it. Dr. Quillsworth reported the sightings.",
            // a distinctive surname with no title: a place, a prize, a road
            "Turn left at Ashbrook Road.",
            "She won the Quillsworth Prize.",
            // another person's given name in brackets, or a capital letter that is a word
            "Quillsworth (Mirabel) wrote it.",
            "Quillsworth (2019) is cited.",
            "Miranda Smith (née Hartwell) spoke first.",
            "Tobias Smith (née Quillsworth) spoke first.",
            "The Quillsworth A team won.",
    })
    void benignSiblingsStayUnchanged(String text) {
        assertThat(check(text, text)).isNull();
    }
}
