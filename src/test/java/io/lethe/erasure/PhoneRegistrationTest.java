package io.lethe.erasure;

import io.lethe.erasure.index.ErasureStore;
import io.lethe.guard.Finding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 11, item 1: an erasure request is never refused over a phone number's format. Numbers in national
 * format from eleven countries, registered without a country, with {@code subject.country} and with a
 * country of their own, one by one and in bulk; then found in text as written, with other separators,
 * and in international format where they could be placed. The gateway's default region is US.
 */
class PhoneRegistrationTest {

    /** A national number of a country, written as its people write it, with other separators, and in +CC form. */
    record Number(String country, String national, String otherSeparators, String international) {
        @Override
        public String toString() {
            return country + " " + national;
        }
    }

    static List<Number> numbers() {
        return List.of(
                new Number("NL", "06-12345678", "06 1234 5678", "+31 6 12345678"),
                new Number("DE", "01512 3456789", "01512-345-6789", "+49 1512 3456789"),
                new Number("FR", "06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78"),
                new Number("ES", "612 34 56 78", "612-345-678", "+34 612 34 56 78"),
                new Number("TR", "0532 123 45 67", "0532-123-4567", "+90 532 123 45 67"),
                new Number("IN", "098765 43210", "09876-543-210", "+91 98765 43210"),
                new Number("RU", "8 (912) 345-67-89", "8 912 345 67 89", "+7 912 345-67-89"),
                new Number("JP", "090-1234-5678", "090 1234 5678", "+81 90-1234-5678"),
                new Number("BR", "(11) 96123-4567", "11 96123 4567", "+55 11 96123-4567"),
                new Number("GB", "07400 123456", "07400-123-456", "+44 7400 123456"),
                new Number("US", "(201) 555-0123", "201.555.0123", "+1 201-555-0123"));
    }

    @TempDir
    Path dir;
    ErasureRegistry registry;

    ErasureRegistry open() {
        registry = new ErasureRegistry(dir, "US", Map.of(), 3, s -> { }, Clock.systemUTC());
        registry.start();
        return registry;
    }

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** How many of the digits of {@code written}, planted in a sentence, no phone finding of {@code id} covers. */
    int digitsLeft(String id, String written) {
        String text = "Call " + written + " after six.";
        List<Finding> fs = ErasureRegistryTest.scan(registry.stage(), text, "m", null).stream()
                .filter(f -> id.equals(f.erasureId()) && "phone".equals(f.rule())).toList();
        int left = 0;
        for (int i = 5; i < 5 + written.length(); i++) {
            final int at = i;
            if (Character.isDigit(text.charAt(i)) && fs.stream().noneMatch(f -> f.start() <= at && at < f.end())) {
                left++;
            }
        }
        return left;
    }

    @Test
    void theReportedRequestIsAcceptedWithAWarningAndEveryFieldIsEnforced() {
        open();
        var created = registry.create(body("{\"id\":\"ilse\",\"subject\":{\"names\":[\"Ilse Vandermeer\"],"
                + "\"emails\":[\"ilse.v@example.nl\"],\"phones\":[\"06-12345678\"]}}")).join();
        assertThat(created.isNew()).isTrue();
        assertThat(created.warnings()).containsExactly(new ErasureParser.Warning("subject.phones[0]",
                "not a valid number for region US (no country given: read in the default region, "
                        + "lethe.erasure.phone-region; set subject.country or the phone's country); matched by its digits"));
        assertThat(ErasureRegistryTest.ids(ErasureRegistryTest.scan(registry.stage(),
                "Ilse Vandermeer (ilse.v@example.nl) answers on 06-12345678.", "m", null)))
                .containsExactlyInAnyOrder("ilse:name", "ilse:email", "ilse:phone");
        assertThat(digitsLeft("ilse", "06 1234 5678")).isZero();
        assertThat(digitsLeft("ilse", "612345678")).isZero();
        // the +31 form: the national number without its trunk 0 is a key, and the calling code goes with it
        assertThat(digitsLeft("ilse", "+31 6 12345678")).isZero();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("numbers")
    void aNationalNumberWithoutACountryIsAcceptedAndFoundAsWritten(Number n) {
        open();
        var created = registry.create(body("{\"id\":\"p\",\"subject\":{\"names\":[\"Ada Example\"],\"phones\":[\""
                + n.national() + "\"]}}")).join();
        if (n.country().equals("US")) {
            assertThat(created.warnings()).isEmpty();
            assertThat(digitsLeft("p", n.international())).isZero();
        } else {
            assertThat(created.warnings()).singleElement().satisfies(w -> {
                assertThat(w.field()).isEqualTo("subject.phones[0]");
                assertThat(w.warning()).endsWith("; matched by its digits").doesNotContain(n.national());
            });
        }
        assertThat(digitsLeft("p", n.national())).isZero();
        assertThat(digitsLeft("p", n.otherSeparators())).isZero();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("numbers")
    void withTheSubjectsCountryANationalNumberIsPlacedAndFoundInEveryForm(Number n) {
        open();
        var created = registry.create(body("{\"id\":\"p\",\"subject\":{\"names\":[\"Ada Example\"],\"phones\":[\""
                + n.national() + "\"],\"country\":\"" + n.country().toLowerCase() + "\"}}")).join();
        assertThat(created.warnings()).isEmpty();
        assertThat(created.erasure().subject().country()).isEqualTo(n.country());
        assertThat(digitsLeft("p", n.national())).isZero();
        assertThat(digitsLeft("p", n.otherSeparators())).isZero();
        assertThat(digitsLeft("p", n.international())).isZero();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("numbers")
    void aPhonesOwnCountryOverridesTheSubjects(Number n) {
        open();
        String other = n.country().equals("JP") ? "BR" : "JP";
        var created = registry.create(body("{\"id\":\"p\",\"subject\":{\"country\":\"" + other + "\",\"phones\":["
                + "{\"number\":\"" + n.national() + "\",\"country\":\"" + n.country() + "\"}]}}")).join();
        assertThat(created.warnings()).isEmpty();
        assertThat(registry.get("p").subject().phones()).containsExactly(new Erasure.Phone(n.national(), n.country()));
        assertThat(digitsLeft("p", n.national())).isZero();
        assertThat(digitsLeft("p", n.international())).isZero();
    }

    @Test
    void aBulkImportAcceptsEveryLineAndReportsItsWarningsByLineAndField() {
        open();
        List<byte[]> lines = new ArrayList<>();
        List<Number> all = numbers();
        for (int i = 0; i < all.size(); i++) {
            Number n = all.get(i);
            lines.add(body("{\"id\":\"n" + i + "\",\"subject\":{\"names\":[\"Ada Example\"],\"phones\":[\"" + n.national() + "\"]}}"));
            lines.add(body("{\"id\":\"c" + i + "\",\"subject\":{\"country\":\"" + n.country() + "\",\"phones\":[\"" + n.national() + "\"]}}"));
            lines.add(body("{\"id\":\"o" + i + "\",\"subject\":{\"phones\":[{\"number\":\"" + n.national() + "\",\"country\":\""
                    + n.country() + "\"}]}}"));
        }
        lines.add(body("{\"id\":\"bad\",\"subject\":{\"phones\":[\"+31 6 12345678\",\"call me maybe\"]}}"));
        lines.add(body("{\"id\":\"odd\",\"subject\":{\"country\":\"Holland\",\"phones\":[\"06-12345678\"]}}"));
        var bulk = registry.bulk();
        bulk.lines(lines).join();
        var result = bulk.finish().join();
        // every line accepted: a value that cannot be a phone is passed over with a warning, the rest enforced
        assertThat(result.accepted()).isEqualTo(3L * all.size() + 2);
        assertThat(result.rejected()).isEmpty();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (!all.get(i).country().equals("US")) {
                expected.add((3L * i + 1) + " subject.phones[0]");
            }
        }
        expected.add((3L * all.size() + 1) + " subject.phones[1]");
        long odd = 3L * all.size() + 2;
        expected.add(odd + " subject.country");
        expected.add(odd + " subject.phones[0]");
        assertThat(result.warnings()).extracting(w -> w.line() + " " + w.field()).containsExactlyElementsOf(expected);
        assertThat(result.warningsTotal()).isEqualTo(expected.size());
        for (int i = 0; i < all.size(); i++) {
            Number n = all.get(i);
            assertThat(digitsLeft("n" + i, n.national())).as("n%d", i).isZero();
            assertThat(digitsLeft("c" + i, n.international())).as("c%d", i).isZero();
            assertThat(digitsLeft("o" + i, n.international())).as("o%d", i).isZero();
        }
        assertThat(digitsLeft("odd", "06 12 34 56 78")).isZero();
    }

    @Test
    void anUnknownCountryIsAWarningAndItsPhonesAreMatchedByTheirDigits() {
        open();
        var created = registry.create(body("{\"id\":\"h\",\"subject\":{\"country\":\"Holland\",\"phones\":[\"06-12345678\","
                + "{\"number\":\"030 123456\",\"country\":\"XX\"},\"+49 30 123456\"]}}")).join();
        assertThat(created.warnings()).extracting(ErasureParser.Warning::field)
                .containsExactly("subject.country", "subject.phones[1].country", "subject.phones[0]", "subject.phones[1]");
        assertThat(created.warnings().get(2).warning()).isEqualTo("no region to read it in; matched by its digits");
        assertThat(registry.get("h").subject().country()).isEqualTo("Holland");
        assertThat(digitsLeft("h", "06-12345678")).isZero();
        assertThat(digitsLeft("h", "030 123456")).isZero();
        assertThat(digitsLeft("h", "+49 30 123456")).isZero();
        assertThat(digitsLeft("h", "030/123456")).isZero();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "{\"phones\":[\"call me\"]}",
            "{\"phones\":[\"0800-FLOWERS\"]}",
            "{\"phones\":[\"12345\"]}",
            "{\"phones\":[\"0612345678 0612345678\"]}",
            "{\"phones\":[{\"number\":\"12-34\",\"country\":\"NL\"}]}",
    })
    void onlyWhatCannotBeAPhoneIsRefusedNamingTheFieldNotTheValue(String subject) {
        open();
        assertThatThrownBy(() -> registry.create(body("{\"subject\":" + subject + "}")).join())
                .isInstanceOf(CompletionException.class)
                .satisfies(e -> {
                    InvalidErasureException ie = (InvalidErasureException) e.getCause();
                    assertThat(ie.param()).startsWith("subject.phones[0]");
                    assertThat(ie.getMessage()).startsWith("not a phone number")
                            .doesNotContain("call me", "FLOWERS", "12345", "12-34");
                });
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "{\"phones\":[3]}",
            "{\"phones\":[{\"number\":\"06-12345678\",\"region\":\"NL\"}]}",
            "{\"phones\":[{\"country\":\"NL\"}]}",
    })
    // with nothing else to enforce (beside a name a number or phone object without one is passed over with a
    // warning, OneBadFieldTest; an unknown field stays a 400), and a
    // country that is no string is passed over too (its phones are still matched by their digits)
    void aMalformedPhoneAloneIsRefusedNamingTheField(String subject) {
        open();
        assertThatThrownBy(() -> registry.create(body("{\"subject\":" + subject + "}")).join())
                .satisfies(e -> assertThat(((InvalidErasureException) e.getCause()).param())
                        .matches("subject\\.phones\\[0\\](\\.region|\\.number)?"));
    }

    @Test
    void theRecordKeepsBothCountriesAndAPlainPhoneStaysAString() throws Exception {
        open();
        registry.create(body("{\"id\":\"k\",\"subject\":{\"phones\":[\"06-12345678\",{\"number\":\"030 123456\","
                + "\"country\":\"de\"}],\"country\":\"nl\"}}")).join();
        Erasure e = registry.get("k");
        assertThat(e.subject().country()).isEqualTo("NL");
        assertThat(e.subject().phones()).containsExactly(new Erasure.Phone("06-12345678", null),
                new Erasure.Phone("030 123456", "DE"));
        String json = new String(ErasureParser.toJson(e), StandardCharsets.UTF_8);
        assertThat(json).contains("\"phones\":[\"06-12345678\",{\"number\":\"030 123456\",\"country\":\"DE\"}]")
                .contains("\"country\":\"NL\"");
        registry.close();
        open();
        assertThat(registry.get("k")).isEqualTo(e);
        assertThat(digitsLeft("k", "+49 30 123456")).isZero();
        assertThat(digitsLeft("k", "+31 6 12345678")).isZero();
    }

    @Test
    void aRecordWrittenBeforeCountriesExistedStaysReadableEnforcedAndIdempotent() {
        // given: a record as the previous version stored it (request hash computed by that version)
        String request = "{\"id\":\"old-1\",\"subject\":{\"names\":[\"Ilse Vandermeer\"],\"phones\":[\"+31 6 12345678\"]},"
                + "\"requested_at\":\"2025-03-01\"}";
        String stored = "{\"id\":\"old-1\",\"status\":\"active\",\"subject\":{\"names\":[\"Ilse Vandermeer\"],\"aliases\":[],"
                + "\"emails\":[],\"phones\":[\"+31 6 12345678\"],\"identifiers\":[]},\"passages\":[],\"topics\":[],"
                + "\"scope\":{\"models\":[\"*\"],\"tenants\":[\"*\"]},\"requested_at\":\"2025-03-01T00:00:00Z\","
                + "\"retire_on_retrain\":false,\"created_at\":\"2025-03-02T10:00:00Z\"}";
        String oldHash = "ded606a1a38b782c9463a3a20123742ef1abf286ec46910eda173ab9e2fbfd8f";
        try (ErasureStore store = ErasureStore.open(dir)) {
            store.put(new ErasureStore.Stored("old-1", store.nextSeq(), "active", body(stored), oldHash));
        }
        // when
        open();
        // then
        Erasure e = registry.get("old-1");
        assertThat(e.subject().phones()).containsExactly(new Erasure.Phone("+31 6 12345678", null));
        assertThat(e.subject().country()).isNull();
        assertThat(new String(ErasureParser.toJson(e), StandardCharsets.UTF_8)).isEqualTo(stored);
        assertThat(digitsLeft("old-1", "06-12345678")).isZero();
        var again = registry.create(body(request)).join();
        assertThat(again.isNew()).isFalse();
    }

    @Test
    void valuesThatAreTheSameOnceFoldedAreWarnedAbout() {
        open();
        var created = registry.create(body("{\"subject\":{\"names\":[\"José Núñez\",\"JOSE NUNEZ\",\"Jose Nunes\"],"
                + "\"emails\":[\"J.Nunez@Example.org\",\"j.nunez@example.org\"],\"phones\":[\"+31 6 12345678\","
                + "{\"number\":\"06-12345678\",\"country\":\"NL\"}],\"identifiers\":[\"AB-1234\",\"ab 1234\"]}}")).join();
        assertThat(created.warnings()).extracting(w -> w.field() + ": " + w.warning()).containsExactly(
                "subject.names[1]: the same as subject.names[0] once folded (case, diacritics, separators); matched once",
                "subject.emails[1]: the same as subject.emails[0] once folded (case, diacritics, separators); matched once",
                "subject.phones[1]: the same as subject.phones[0] once folded (case, diacritics, separators); matched once",
                "subject.identifiers[1]: the same as subject.identifiers[0] once folded (case, diacritics, separators); matched once");
    }
}
