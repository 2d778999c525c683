package io.lethe.erasure;

import io.lethe.guard.Channel;
import io.lethe.guard.pipeline.GuardSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's given name and surname as two fields of one record with other fields between them, or under keys
 * the walks do not know (red team 7/8: JSON with an age between, customerFirstName, fn/ln, vCard, SQL, CLI
 * flags, CSV, Markdown tables, YAML). Each case redacts both words, whole and streamed in every chunk size.
 */
class RecordFieldsTest {

    private static String whole(String text) {
        GuardSession s = ObfuscationClassesTest.PIPELINE.open(ObfuscationClassesTest.CTX, null);
        return s.scanWhole(Channel.content(0), text);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '#', quoteCharacter = '^', value = {
            "{\"first_name\": \"Corwin\", \"age\": 52, \"last_name\": \"Ashdale\"}"
                    + " # {\"first_name\": \"[REDACTED]\", \"age\": 52, \"last_name\": \"[REDACTED]\"}",
            "{\"customerFirstName\":\"Corwin\",\"customerLastName\":\"Ashdale\"} # {\"customerFirstName\":\"[REDACTED]\",\"customerLastName\":\"[REDACTED]\"}",
            // JSON inside a JSON string (a tool call's argument holding a record), its quotes escaped: each value
            // alone, the keys kept (a newcomer found "last_name" redacted with the surname)
            "{\"note\": \"{\\\"first_name\\\": \\\"Corwin\\\", \\\"last_name\\\": \\\"Ashdale\\\"}\"}"
                    + " # {\"note\": \"{\\\"first_name\\\": \\\"[REDACTED]\\\", \\\"last_name\\\": \\\"[REDACTED]\\\"}\"}",
            "{\"note\": \"{\\\"first_name\\\": \\\"Corwin\\\", \\\"age\\\": 52, \\\"last_name\\\": \\\"Ashdale\\\"}\"}"
                    + " # {\"note\": \"{\\\"first_name\\\": \\\"[REDACTED]\\\", \\\"age\\\": 52, \\\"last_name\\\": \\\"[REDACTED]\\\"}\"}",
            "{\"fn\":\"Corwin\",\"ln\":\"Ashdale\",\"id\":7} # {\"fn\":\"[REDACTED]\",\"ln\":\"[REDACTED]\",\"id\":7}",
            "{\"lastName\":\"Ashdale\",\"city\":\"Leeds\",\"firstName\":\"Corwin\"} # {\"lastName\":\"[REDACTED]\",\"city\":\"Leeds\",\"firstName\":\"[REDACTED]\"}",
            "N:Ashdale;Corwin;;; # N:[REDACTED];[REDACTED];;;",
            "VALUES ('Corwin', 52, 'Ashdale'); # VALUES ('[REDACTED]', 52, '[REDACTED]');",
            "run --first-name Corwin --age 52 --last-name Ashdale # run --first-name [REDACTED] --age 52 --last-name [REDACTED]",
            "^first_name: Corwin\nage: 52\nlast_name: Ashdale^ # ^first_name: [REDACTED]\nage: 52\nlast_name: [REDACTED]^",
            "| Corwin | 52 | Ashdale | # | [REDACTED] | 52 | [REDACTED] |",
            // neighbouring cells keep their bar (red team 14 N1)
            "| Item | Corwin | Ashdale | # | Item | [REDACTED] | [REDACTED] |",
            "Name: Corwin | Ashdale | 1999 # Name: [REDACTED] | [REDACTED] | 1999",
            "Corwin,52,Ashdale # [REDACTED],52,[REDACTED]",
            "WHERE first_name = 'Corwin' AND last_name = 'Ashdale' # WHERE first_name = '[REDACTED]' AND last_name = '[REDACTED]'",
            "Person(first=\"Corwin\", age=52, last=\"Ashdale\") # Person(first=\"[REDACTED]\", age=52, last=\"[REDACTED]\")",
            "^givenName: Corwin\nmail: x@example.net\nsn: Ashdale^ # ^givenName: [REDACTED]\nmail: x@example.net\nsn: [REDACTED]^",
            "{\"customer_first_name\": \"Corwin\", \"tier\": 2, \"customer_last_name\": \"Ashdale\"} # {\"customer_first_name\": \"[REDACTED]\", \"tier\": 2, \"customer_last_name\": \"[REDACTED]\"}",
            // both words of one person as values of one record are taken as the person, whatever the keys say
            "{\"author\": \"Corwin\", \"editor\": \"Ashdale\"} # {\"author\": \"[REDACTED]\", \"editor\": \"[REDACTED]\"}",
            "{\"items\":[\"Corwin\",\"Ashdale\",\"Tulip\"]} # {\"items\":[\"[REDACTED]\",\"[REDACTED]\",\"Tulip\"]}",
            // TSV, query strings, a nested object, a YAML comment between the two (red team 10)
            "^7\tCorwin\tSales\tAshdale^ # ^7\t[REDACTED]\tSales\t[REDACTED]^",
            "/users?first=Corwin&page=2&last=Ashdale # /users?first=[REDACTED]&page=2&last=[REDACTED]",
            "{\"given\": \"Corwin\", \"meta\": {\"x\": 1}, \"family\": \"Ashdale\"} # {\"given\": \"[REDACTED]\", \"meta\": {\"x\": 1}, \"family\": \"[REDACTED]\"}",
            "^first: Corwin  # given\nlast: Ashdale^ # ^first: [REDACTED]  # given\nlast: [REDACTED]^",
            // TSV cells keep their tab; a JSON escape inside a value or a key (red team 10)
            "^Corwin\tAshdale\t41^ # ^[REDACTED]\t[REDACTED]\t41^",
            "{\"first\": \"Corwin\", \"last\": \"Ashd\\u0061le\"} # {\"first\": \"[REDACTED]\", \"last\": \"[REDACTED]\"}",
            "{\"first\": \"Corwin\", \"\\u006c\\u0061st\": \"Ashdale\"} # {\"first\": \"[REDACTED]\", \"\\u006c\\u0061st\": \"[REDACTED]\"}",
            "{\"given\":\"Mallory\",\"dob\":\"1970-01-02\",\"family\":\"Quenby\"} # {\"given\":\"[REDACTED]\",\"dob\":\"1970-01-02\",\"family\":\"[REDACTED]\"}",
            // the second of two people's records, its own labels around it (helper-100)
            "^first_name: Jane\nlast_name: Miller\nfirst_name: Corwin\nlast_name: Ashdale^"
                    + " # ^first_name: Jane\nlast_name: Miller\nfirst_name: [REDACTED]\nlast_name: [REDACTED]^",
            "{\"last\": \"Miller\", \"first\": \"Jane\", \"last\": \"Ashdale\", \"first\": \"Corwin\"}"
                    + " # {\"last\": \"Miller\", \"first\": \"Jane\", \"last\": \"[REDACTED]\", \"first\": \"[REDACTED]\"}",
    })
    void bothFieldsOfARecordAreRedacted(String text, String expected) {
        assertThat(whole(text)).isEqualTo(expected);
        assertThat(ObfuscationClassesTest.streamedLikeWhole(text, expected)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // prose: a comma with a space after it is a list, not a record
            "Thanks, Corwin, for the notes; see Ashdale Road on the map.",
            // the two words in two records
            "[{\"first\":\"Corwin\",\"last\":\"Smith\"},{\"first\":\"Bob\",\"last\":\"Ashdale\"}]",
            // two rows of a table or a CSV file are two records
            "| Corwin | Smith |\n| Jane | Ashdale |",
            "Corwin,Smith,41\nJane,Ashdale,39",
            // other people's records, one row or item or tuple or command each (red team 10)
            "| Jane | Corwin |\n| Ashdale | Brown |",
            "- first: Corwin\n  last: Miller\n- first: Jane\n  last: Ashdale",
            "VALUES ('Corwin','Miller'), ('Jane','Ashdale');",
            "add --first Corwin --last Miller && add --first Jane --last Ashdale",
            "<tr><td>Corwin</td><td>Miller</td></tr><tr><td>Jane</td><td>Ashdale</td></tr>",
            "^N:Miller;Corwin;;;\nN:Ashdale;Jane;;;^",
            // a value followed by prose: no record goes on
            "{\"first_name\": \"Corwin\", \"notes\": \"he walked to the old mill near Ashdale\"}",
            // one of them as a key, not a value
            "{\"Corwin\": 1, \"last\": \"Ashdale\"}",
            // a blank line between them, and another field
            "first: Corwin\nage: 52\n\nlast: Ashdale",
            // one word inside a longer value
            "{\"first\":\"Corwin Jones\",\"last\":\"Ashdale\"}",
            // two people's records with no list or row between: another's labelled value parts them (helper-100)
            "first_name: Corwin\nlast_name: Miller\nfirst_name: Jane\nlast_name: Ashdale",
            "{\"first_name\": \"Corwin\", \"last_name\": \"Miller\", \"first_name\": \"Jane\", \"last_name\": \"Ashdale\"}",
            "last: Ashdale; first: Jane; last: Miller; first: Corwin",
            "/users?first=Corwin&last=Miller&first=Jane&last=Ashdale",
            // another person's given name with the surname
            "{\"first\":\"Mallory\",\"last\":\"Ashdale\"}",
    })
    void otherwiseNothingIsRedacted(String text) {
        assertThat(whole(text)).isEqualTo(text);
        assertThat(ObfuscationClassesTest.streamedLikeWhole(text, text)).isNull();
    }
}
