package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.Nicknames;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 11, item 1: an e-mail address is accepted whenever it has an "@" with something on both sides;
 * unusual forms carry a warning, and the warning says truly whether text writing the address is found.
 */
class EmailsTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // ordinary
            "jane.doe@example.com          | -",
            "JANE.DOE@EXAMPLE.COM          | -",
            "jane.doe+news@example.com     | -",
            "j.doe@mail.cs.example.ac.uk   | -",
            "jean-luc.77@example-mail.fr   | -",
            "jörg@example.de               | -",
            "jorg@müller.de                | -",
            "jane@example.com.             | kept, but",
            // unusual, still found in text as written
            "jane.@example.com             | unusual address (a dot at the start or end of the local part or two in a row); kept and matched as written",
            "jane..doe@example.com         | unusual address (a dot at the start or end of the local part or two in a row); kept and matched as written",
            "jane@localhost                | unusual address (a domain without a dot); kept and matched as written",
            "jane@-example.com             | unusual address (a domain label that is empty, longer than 63 characters, or starts or ends with a hyphen); kept and matched as written",
            // unusual, and not an address the e-mail scanner reads whole
            "\"jane doe\"@example.com      | unusual address (a quoted local part, white space or control characters); kept, but",
            "\"jane@home\"@example.com     | unusual address (a quoted local part); kept, but",
            "admin@[192.0.2.1]             | unusual address (an address literal as domain); kept, but",
            ".jane@example.com             | unusual address (a dot at the start or end of the local part or two in a row); kept, but",
            "o'brien@example.ie            | kept, but",
    })
    void anAddressWithAnAtIsAcceptedAndAnUnusualOneIsWarnedAbout(String email, String warning) {
        String w = Emails.check(email, "subject.emails[0]");
        if (warning == null) {
            assertThat(w).isNull();
        } else {
            assertThat(w).startsWith(warning).doesNotContain(email);
        }
        // the warning is true: an address it does not say is unread is found in text as written
        boolean found = !CompiledErasures.build(List.of(new CompiledErasures.Spec(null, null, List.of(email), null, null)),
                Nicknames.of(Map.of()), "US").findAll("Write to " + email + " today.").isEmpty();
        assertThat(found).isEqualTo(w == null || !w.contains("kept, but"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"jane.doe", "jane.doe(at)example.com", "@example.com", "jane@", "@",
            "jane@example.com, joe@example.org", "a@b@example.com"})
    void onlyWhatCannotBeAnAddressIsRefusedNamingTheField(String email) {
        assertThatThrownBy(() -> Emails.check(email, "subject.emails[3]"))
                .isInstanceOf(InvalidErasureException.class)
                .hasMessageStartingWith("not an e-mail address")
                .satisfies(e -> assertThat(((InvalidErasureException) e).param()).isEqualTo("subject.emails[3]"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("jane", "example"));
    }
}
