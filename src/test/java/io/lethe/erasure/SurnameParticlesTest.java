package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.FollowUpTerms;
import io.lethe.erasure.index.Nicknames;
import io.lethe.guard.Channel;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Surnames with particles ("da Paz", "van der Berg", "Le Gall", "bin Rashid"): the particles belong to the
 * surname in every form — initials, "Last, First", follow-up mentions — so no part of the name is left
 * behind (a partial leak) and "A. da Paz" is found as "A. Paz" would be. All names invented.
 */
class SurnameParticlesTest {

    static final String[][] PEOPLE = {
            {"p-paz", "Arthur Miguel da Paz"},
            {"p-reis", "Duarte dos Reis"},
            {"p-rosa", "Quirino De Rosa"},
            {"p-gall", "Lilou Le Gall"},
            {"p-berg", "Maartje van der Berghuis"},
            {"p-rashid", "Tariq bin Rashidov"},
            {"p-luca", "Romilda De lucarelli"},
    };
    static final ScanContext CTX = new ScanContext("r", "m", null, null);
    static final GuardPipeline PIPELINE = pipeline();

    static GuardPipeline pipeline() {
        List<CompiledErasures.Spec> specs = new ArrayList<>();
        List<ErasureStage.Entry> entries = new ArrayList<>();
        for (String[] p : PEOPLE) {
            specs.add(new CompiledErasures.Spec(List.of(p[1]), null, null, null, null));
            entries.add(new ErasureStage.Entry(p[0], null, Erasure.Scope.EVERYWHERE, null, false,
                    FollowUpTerms.of(List.of(p[1]), Nicknames.shipped())));
        }
        ErasureStage stage = new ErasureStage(CompiledErasures.build(specs, Nicknames.shipped(), "US"),
                entries.toArray(new ErasureStage.Entry[0]), new BitSet(), CompiledErasures.empty(),
                new ErasureStage.Entry[0], Map.of());
        return new GuardPipeline(List.<GuardStage>of(stage), new RulesPolicy(new GuardRules(null, null, List.of())));
    }

    static String redact(String text) {
        GuardSession whole = PIPELINE.open(CTX, null);
        String out = whole.scanWhole(Channel.content(0), text);
        for (int size : new int[] {1, 4, 9}) {
            GuardSession s = PIPELINE.open(CTX, null);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < text.length(); i += size) {
                b.append(s.append(Channel.content(0), text.substring(i, Math.min(text.length(), i + size))).text());
            }
            b.append(s.finish(Channel.content(0)).text());
            assertThat(b.toString()).as("streamed in chunks of %d", size).isEqualTo(out);
        }
        return out;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "The letter was signed by da Paz, Arthur Miguel and sent on. | The letter was signed by [REDACTED] and sent on.",
            "Yes, A. da Paz was one of the founders.                     | Yes, [REDACTED] was one of the founders.",
            "Yes, A. M. da Paz was one of the founders.                  | Yes, [REDACTED] was one of the founders.",
            "Arthur da Paz wrote it.                                     | [REDACTED] wrote it.",
            "D dos Reis joined the board in 2014.                        | [REDACTED] joined the board in 2014.",
            "Dos Reis, Duarte joined the board.                          | [REDACTED] joined the board.",
            "M. van der Berghuis spoke first.                            | [REDACTED] spoke first.",
            "T. bin Rashidov signed.                                     | [REDACTED] signed.",
            // a surname registered with a lower-case word after its particle, behind an initial
            "R. De lucarelli later moved abroad.                         | [REDACTED] later moved abroad.",
            // the particle surname follows a mention of the person
            "Quirino De Rosa co-wrote it; De Rosa also gave the keynote. | [REDACTED] co-wrote it; [REDACTED] also gave the keynote.",
            "Lilou Le Gall bought the house, and Le Gall sold it.        | [REDACTED] bought the house, and [REDACTED] sold it.",
            "Arthur Miguel da Paz left; later da Paz came back.          | [REDACTED] left; later [REDACTED] came back.",
    })
    void theParticlesAreRedactedWithTheSurname(String text, String expected) {
        assertThat(redact(text.strip())).isEqualTo(expected.strip());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            // a follow-up term written as part of another person's name is that person's
            "Arthur Miguel da Paz left; Maria da Paz stayed.            | [REDACTED] left; Maria da Paz stayed.",
            "Duarte dos Reis spoke; dos Reis Street is long.            | [REDACTED] spoke; dos Reis Street is long.",
            "Lilou Le Gall sang, and later Le Gall danced.              | [REDACTED] sang, and later [REDACTED] danced.",
            "Lilou Le Gall sang. Then Yann Le Gall danced.              | [REDACTED] sang. Then Yann Le Gall danced.",
    })
    void followUpsWrittenAsAnotherPersonsNameAreNotFindings(String text, String expected) {
        assertThat(redact(text.strip())).isEqualTo(expected.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "They ate da pasta and talked about the dos and don'ts.",
            "Le Gall is a surname from Brittany.",            // no mention before: a surname alone is not a finding
            "Rosa and Paz are common words in Spanish.",
            "Arthur Miguel left; later da pasta was served.",  // the particle before a lower-case word is not a name
    })
    void particlesAndSurnamesAloneAreNotFindings(String text) {
        assertThat(redact(text)).isEqualTo(text);
    }
}
