package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A follow-up term written before a capitalized word counts only beside the person's own next mention
 * ("Timofei Zhukovitskiy" once Timofey Zhukovitsky is named, each a follow-up spelled another way): a stream
 * must not judge it before that next word and its own finding are there (outside tester: the stream released
 * the given name in about half the chunkings). Whole and every chunking give one text.
 */
class FollowUpNeighbourStreamingTest {

    private static final PeoplePipeline PEOPLE = new PeoplePipeline(List.of(
            subject("p-tz", "Тимофей Жуковицкий", "RU"),
            subject("p-es", "Ефросинья Щербачёва", "RU"),
            subject("p-cw", "Corwin Ashdale", null)));

    private static Object[] subject(String id, String name, String country) {
        return new Object[] {id, new CompiledErasures.Spec(List.of(name), List.of(), null, null, null, null,
                country)};
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "Timofey Zhukovitsky; Timofei Zhukovitskiy; Timofej Schukowizki. | [REDACTED]; [REDACTED] [REDACTED]; [REDACTED] [REDACTED].",
            "Timofey Zhukovitsky came. Later Timofei Zhukovitskiy left.     | WHOLE",
            "Тимофей Жуковицкий пришёл. Timofei Zhukovitskiy ушёл.          | [REDACTED] пришёл. [REDACTED] [REDACTED] ушёл.",
            "Efrosinya Shcherbacheva spoke; Yefrosinya Shcherbachova left.  | [REDACTED] spoke; [REDACTED] left.",
            "Corwin Ashdale came. Corwin Ashdales left, Corwin ASHDALE too. | WHOLE",
            "Timofey Zhukovitsky came. Timofei Ivanov left.                 | WHOLE",
    })
    void aFollowUpBeforeTheNextFollowUpStreamsAsTheWholeText(String text, String expected) {
        String t = text.strip();
        String whole = PEOPLE.whole(t);
        // "WHOLE": the row asserts only that streams give the whole text's answer
        assertThat(PEOPLE.check(t, expected.strip().equals("WHOLE") ? whole : expected.strip())).isNull();
        Random r = new Random(t.hashCode());
        for (int k = 0; k < 200; k++) {
            List<Integer> sizes = new ArrayList<>();
            for (int j = 0; j < 12; j++) {
                sizes.add(1 + r.nextInt(9));
            }
            String out = PEOPLE.streamed(t, sizes, whole);
            assertThat(out.equals(whole)).as("chunking %s: %s chars, whole %s", sizes, out.length(), whole.length())
                    .isTrue();
        }
    }
}
