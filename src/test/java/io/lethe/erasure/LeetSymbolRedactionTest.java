package io.lethe.erasure;

import io.lethe.guard.Channel;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leetspeak symbols that spell letters ("|" for l, "$" for s, "@" for a, "!" for i) at a name's edges and inside it
 * are redacted with the name: a bar glued to a word is no table cell's, so the name is not cut into cell values
 * that leave the symbols out (partial leaks of the untuned evaluation's dev split).
 */
class LeetSymbolRedactionTest {

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = ';', value = {
            "Ingemar Lagerhjelm; Witnesses said ⟦!n93m@r |493rhj3|m⟧ left the building.",
            "Anastasio Lombardo; Witnesses said ⟦4n4$7@$10 |0m8@rd0⟧ left the building.",
            "Lakshmi Abraham; According to the archive, ⟦|4k$<i>h</i>m1 4__8r__@h@m$⟧ joined the board.",
            "Carol Grönroos; - Name: ⟦C@r0| 9rönr00$⟧ - Role: treasurer",
            "Robert Lewicki; According to the archive, ⟦Ro_b3r_t |3wi<em>ck1</em>⟧ joined the board.",
    })
    void theSymbolsGoWithTheName(String name, String marked) {
        String text = marked.replace("⟦", "").replace("⟧", "");
        String expected = marked.substring(0, marked.indexOf('⟦')) + "[REDACTED]"
                + marked.substring(marked.indexOf('⟧') + 1);
        GuardPipeline p = PersonPipelines.person(name.strip(), null);
        assertThat(p.open(new ScanContext("r", "m", null, null), null).scanWhole(Channel.content(0), text))
                .isEqualTo(expected);
        for (int size = 1; size <= 7; size += 3) {
            GuardSession s = p.open(new ScanContext("r", "m", null, null), null);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < text.length(); i += size) {
                out.append(s.append(Channel.content(0), text.substring(i, Math.min(text.length(), i + size))).text());
            }
            out.append(s.finish(Channel.content(0)).text());
            assertThat(out.toString()).as("chunks of " + size).isEqualTo(expected);
        }
    }
}
