package io.lethe.erasure.index;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhoneKeysTest {

    /** The region of an international number's calling code, which decides a subject's name forms when no country is given. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "+55 35 7538-0562 | BR",
            "+1 472-253-2779  | US",
            "+44 7700 078409  | GB",
            "+7 916 482 37 15 | RU",
            "+ 34 612 47 83 95 | ES",
            "+420 603 481 927 | CZ",
            "06-12345678      | null",
            "+x1              | null",
    })
    void aCallingCodeNamesItsRegion(String phone, String region) {
        assertThat(PhoneKeys.callingRegion(phone)).isEqualTo(region);
    }

    @ParameterizedTest(name = "[{index}] {0} in {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // placed: national significant number, country code + it, trunk prefix + it
            "06-12345678         | NL | true  | 612345678 31612345678 0612345678",
            "+31 6 12345678      | -  | true  | 612345678 31612345678 0612345678",
            "+31 (0)6 12345678   | US | true  | 612345678 31612345678 0612345678",
            "06-12345678 ext. 12 | NL | true  | 612345678 31612345678 0612345678",
            "０６－１２３４５６７８  | NL | true  | 612345678 31612345678 0612345678",
            "8 (912) 345-67-89   | RU | true  | 9123456789 79123456789 89123456789",
            "612 34 56 78        | ES | true  | 612345678 34612345678",
            "(201) 555-0123 x45  | US | true  | 2015550123 12015550123",
            "07400 123456        | GB | true  | 7400123456 447400123456 07400123456",
            // not placed: the digits as written, and without the leading 0 or 00
            "06-12345678         | US | false | 0612345678 612345678",
            "06-12345678         | -  | false | 0612345678 612345678",
            "612 34 56 78        | US | false | 612345678",
            "8 (912) 345-67-89   | US | false | 89123456789",
            "0031 6 12345678     | -  | false | 0031612345678 31612345678",
            "+999 1234 5678      | NL | false | 99912345678",
            "12-34-56            | NL | false | 123456",
            "06-12345678         | AQ | false | 0612345678 612345678",
    })
    void readsPlacedNumbersAndMatchesTheOthersByTheirDigits(String phone, String region, boolean placed, String keys) {
        PhoneKeys.Reading r = PhoneKeys.read(phone, region);
        assertThat(r.placed()).isEqualTo(placed);
        assertThat(r.keys()).containsExactlyInAnyOrderElementsOf(Arrays.asList(keys.split(" ")));
        assertThat(r.reason() == null).isEqualTo(placed);
        assertThat(r.keys()).allSatisfy(k -> assertThat(k).matches("[0-9]{6,17}"));
    }

    @ParameterizedTest(name = "[{index}] {0} in {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "06-12345678     | US | not a valid number for region US",
            "06-12345678     | -  | no region to read it in",
            "06-12345678     | AQ | no numbering plan is known for region AQ",
            "+999 1234 5678  | -  | no country has its calling code",
            "+31 6 1234      | -  | not a valid number for region NL",
    })
    void saysWhyANumberWasNotPlacedWithoutRepeatingIt(String phone, String region, String reason) {
        assertThat(PhoneKeys.read(phone, region).reason()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"call me", "0800-FLOWERS", "06-1234567a", "tel. 06 12345678", "12345", "+31 12",
            "123456789012345678", "0612345678 0612345678"})
    void refusesOnlyWhatCannotBeAPhoneNumber(String phone) {
        assertThatThrownBy(() -> PhoneKeys.read(phone, "NL"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a phone number")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(phone));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "NL | NL", "nl | NL", " de | DE", "UK | GB", "XK | XK", "AQ | AQ",
            "NLD | -", "Netherlands | -", "XX | -", "1 | -",
    })
    void readsCountryCodes(String country, String region) {
        assertThat(PhoneKeys.region(country)).isEqualTo(region);
    }
}
