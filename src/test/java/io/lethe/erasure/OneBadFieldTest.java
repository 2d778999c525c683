package io.lethe.erasure;

import io.lethe.guard.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Red team h68 F3: an erasure is not refused over the format of one field (a JSON-number phone or identifier, a
 * blank or null name beside a good one, an e-mail without "@"): what can be matched is kept and enforced, the
 * rest passed over with a warning naming the caller's field, never the value.
 */
class OneBadFieldTest extends RegistryFixture {

    List<String> found(String id, String text) {
        return ErasureRegistryTest.scan(registry.stage(), text, "m", null).stream()
                .filter(f -> id.equals(f.erasureId())).map(Finding::rule).toList();
    }

    static List<String> fields(ErasureRegistry.Created c) {
        return c.warnings().stream().map(ErasureParser.Warning::field).toList();
    }

    @Test
    void aPhoneGivenAsAJsonNumberIsReadAsItsDigits() {
        open();
        var c = create("{\"id\":\"t\",\"subject\":{\"names\":[\"Tamsin Wexcombe\"],\"phones\":[14155550100,"
                + "{\"number\":2125550199,\"country\":\"US\"}]}}");
        assertThat(c.erasure().subject().phones()).extracting(Erasure.Phone::number)
                .containsExactly("14155550100", "2125550199");
        assertThat(fields(c)).contains("subject.phones[0]", "subject.phones[1].number");
        assertThat(c.warnings().toString()).contains("JSON number").doesNotContain("4155550100", "2125550199");
        assertThat(found("t", "Call +1 (415) 555-0100 or 212-555-0199, ask for Tamsin Wexcombe."))
                .contains("phone", "name");
        assertThat(found("t", "Dial 212 555 0199.")).containsExactly("phone");
    }

    @Test
    void aNumericIdentifierIsReadAsItsDecimalString() {
        open();
        var c = create("{\"id\":\"u\",\"subject\":{\"names\":[\"Ulric Fenwarde\"],\"identifiers\":[987654321]}}");
        assertThat(c.erasure().subject().identifiers()).containsExactly("987654321");
        assertThat(fields(c)).containsExactly("subject.identifiers[0]");
        assertThat(found("u", "Customer no. 987654321 is on file.")).isNotEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"\"   \"", "null", "42", "{}", "[\"x\"]", "\"---\""})
    void aNameThatIsNoTextBesideAGoodOneIsPassedOverWithAWarning(String bad) {
        open();
        var c = create("{\"id\":\"i\",\"subject\":{\"names\":[" + bad + ",\"Isaura Pendlebrook\"],"
                + "\"aliases\":[\"Zora\"]}}");
        assertThat(c.erasure().subject().names()).containsExactly("Isaura Pendlebrook");
        assertThat(c.warnings()).singleElement().satisfies(w -> {
            assertThat(w.field()).isEqualTo("subject.names[0]");
            assertThat(w.warning()).startsWith("passed over");
        });
        assertThat(found("i", "Isaura Pendlebrook wrote back.")).contains("name");
    }

    @Test
    void warningsNameTheCallersIndexAfterAPassedOverValue() {
        open();
        // the duplicate is the caller's [2], though [0] was passed over before it
        var c = create("{\"subject\":{\"names\":[null,\"José Núñez\",\"JOSE NUNEZ\"]}}");
        assertThat(fields(c)).containsExactly("subject.names[0]", "subject.names[2]");
        assertThat(c.warnings().get(1).warning()).contains("subject.names[1]");
    }

    @Test
    void anEmailWithItsAtSpelledOutIsRegisteredAsTheAddressItSpells() {
        open();
        var c = create("{\"id\":\"p\",\"subject\":{\"names\":[\"Perpetua Blackwood\"],\"phones\":[\"+1 212 555 0199\"],"
                + "\"emails\":[\"perpetua at example.org\",\"p.b(at)example(dot)net\"]}}");
        assertThat(c.erasure().subject().emails()).containsExactly("perpetua@example.org", "p.b@example.net");
        assertThat(fields(c)).containsExactly("subject.emails[0]", "subject.emails[1]");
        assertThat(c.warnings().toString()).doesNotContain("perpetua", "example");
        assertThat(found("p", "Mail perpetua@example.org today.")).contains("email");
        assertThat(found("p", "Mail perpetua at example dot org today.")).contains("email");
        assertThat(found("p", "Or p.b@example.net.")).contains("email");
        assertThat(found("p", "Perpetua Blackwood, +1 212 555 0199.")).contains("name", "phone");
    }

    @Test
    void severalAddressesInOneValueAreEachRegistered() {
        open();
        var c = create("{\"id\":\"s\",\"subject\":{\"emails\":[\"a.one@example.org; b.two@example.net\"]}}");
        assertThat(c.erasure().subject().emails()).containsExactly("a.one@example.org", "b.two@example.net");
        assertThat(fields(c)).containsExactly("subject.emails[0]");
        assertThat(found("s", "Write b.two@example.net.")).contains("email");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"none", "n/a", "perpetua", "jane at home", "@example.org"})
    void anEmailThatSpellsNoAddressIsPassedOverNotKeptAsAWord(String email) {
        open();
        var c = create("{\"id\":\"n\",\"subject\":{\"names\":[\"Perpetua Blackwood\"],\"emails\":[\"" + email + "\"]}}");
        assertThat(c.erasure().subject().emails()).isEmpty();
        assertThat(c.warnings()).singleElement().satisfies(w -> {
            assertThat(w.field()).isEqualTo("subject.emails[0]");
            assertThat(w.warning()).startsWith("passed over: not an e-mail address");
        });
        // a placeholder kept as a term would be redacted in every answer that writes the word
        assertThat(found("n", "There is none at home, n/a.")).isEmpty();
    }

    @Test
    void nothingUsableLeftIsStillA400NamingTheFirstField() {
        open();
        assertThatThrownBy(() -> create("{\"subject\":{\"names\":[\"  \", null],\"emails\":[\"none\"]}}"))
                .isInstanceOf(CompletionException.class)
                .satisfies(e -> assertThat(((InvalidErasureException) e.getCause()).param()).isEqualTo("subject.names[0]"));
        assertThatThrownBy(() -> create("{\"subject\":{\"phones\":[12]}}"))
                .satisfies(e -> assertThat(((InvalidErasureException) e.getCause()).param()).isEqualTo("subject.phones[0]"));
    }

    @Test
    void aCountryThatIsNoStringIsPassedOverAndItsPhonesMatchedByDigits() {
        open();
        var c = create("{\"id\":\"c\",\"subject\":{\"phones\":[\"06-12345678\"],\"country\":31}}");
        assertThat(c.erasure().subject().country()).isNull();
        assertThat(fields(c)).startsWith("subject.country");
        assertThat(found("c", "Bel 06 1234 5678.")).contains("phone");
    }
}
