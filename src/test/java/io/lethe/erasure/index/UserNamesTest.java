package io.lethe.erasure.index;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which user names become keys (red team 16 N3): distinctive ones only. */
class UserNamesTest {

    /** A registered address whose user name is a role's, a plain word or too short gives no user-name key. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "t.ashbrook@example.net      | tashbrook",
            "tobias_1970@example.net     | tobias1970",
            "T.Ashbrook+news@example.net | tashbrook",
            "info@example.net            | -",
            "no-reply@example.net        | -",
            "jennifer@example.net        | -",
            "ab.c@example.net            | -",
            "4155550142@example.net      | -",
    })
    void onlyADistinctiveUserNameOfARegisteredAddressIsAKey(String email, String key) {
        String k = UserNames.localKey(email);
        assertThat(k == null ? null : k.substring(1)).isEqualTo(key);
    }

    /** A name gives user-name keys only with a distinctive surname: "a.price" may be anyone's. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "Miranda Quillsworth | 3",  // given name and surname either order, the surname with a year
            "Tobias Ashbrook     | 3",
            "Anneliese Price     | 0",
            "Perpetua Hauser     | 0",
            "Quillsworth         | 0",
            "横山 奈々            | 0",
    })
    void onlyADistinctiveSurnameGivesKeys(String name, int keys) {
        assertThat(UserNames.keys(name)).hasSize(keys);
    }
}
