package io.lethe.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.guard.Finding;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tool-call arguments are JSON text: a name written with JSON escapes ({@code Jos\}{@code u00e9}, as Python's
 * {@code json.dumps} writes it) is found through the normalized view, its finding spans the escaped raw text
 * exactly, and the redacted arguments are still valid JSON.
 */
class JsonEscapedMentionsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** {"name": "José Núñez", "note": "met \"Marisol Quintanilla\" 🙂"} as json.dumps writes it. */
    static final String ARGS = "{\"name\": \"Jos\\u00e9 N\\u00fa\\u00f1ez\", "
            + "\"note\": \"met \\\"Marisol Quintanilla\\\" \\ud83d\\ude42\"}";

    static Finding only(List<Finding> found, String erasureId) {
        List<Finding> of = found.stream().filter(f -> erasureId.equals(f.erasureId())).toList();
        assertThat(of).as("findings of %s in %s", erasureId, found).hasSize(1);
        return of.get(0);
    }

    @Test
    void anEscapedNameIsFoundAndItsSpanCoversTheEscapes() {
        // when
        List<Finding> found = ScriptFixtures.scanWhole(ARGS);
        // then
        Finding jose = only(found, "e-jose");
        assertThat(ARGS.substring(jose.start(), jose.end())).isEqualTo("Jos\\u00e9 N\\u00fa\\u00f1ez");
        Finding marisol = only(found, "e-marisol");
        assertThat(ARGS.substring(marisol.start(), marisol.end())).isEqualTo("Marisol Quintanilla");
    }

    @Test
    void theRedactedArgumentsAreValidJson() throws Exception {
        // when
        String redacted = ScriptFixtures.redactWhole(ARGS);
        // then
        JsonNode node = JSON.readTree(redacted);
        assertThat(node.get("name").asText()).isEqualTo("[REDACTED]");
        assertThat(node.get("note").asText()).isEqualTo("met \"[REDACTED]\" \uD83D\uDE42");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "{\"q\": \"Jos\\u00e9\\nN\\u00fa\\u00f1ez\"}",
            "{\"q\": \"\\u004aos\\u00e9 N\\u00fa\\u00f1ez\"}",
            "{\"q\": \"Jos\\u00E9 N\\u00FA\\u00F1ez!\"}",
            "{\"q\": \"Jos\\u0065\\u0301 N\\u00fa\\u00f1ez\"}",
    })
    void otherEscapedSpellingsToo(String args) throws Exception {
        String redacted = ScriptFixtures.redactWhole(args);
        assertThat(JSON.readTree(redacted).get("q").asText()).startsWith("[REDACTED]");
        assertThat(ScriptFixtures.redactStreamed(args, ScriptFixtures.every(1, args.length()))).isEqualTo(redacted);
    }

    @Provide
    Arbitrary<List<Integer>> chunkings() {
        return Arbitraries.integers().between(1, ARGS.length() - 1).list().ofMaxSize(25);
    }

    @Property(tries = 300)
    void everyChunkingFindsTheSameExactSpansAndRedactsTheSame(@ForAll("chunkings") List<Integer> cuts) {
        // given
        List<Finding> whole = ScriptFixtures.scanWhole(ARGS);
        String redacted = ScriptFixtures.redactWhole(ARGS);
        // when
        var scanner = ScriptFixtures.stage().open(ScriptFixtures.CTX, io.lethe.guard.Channel.content(0));
        List<Finding> streamed = new java.util.ArrayList<>();
        for (int cut : cuts.stream().distinct().sorted().toList()) {
            streamed.addAll(scanner.scan(ObfuscationFixtures.window(ARGS.substring(0, cut), false)).findings());
        }
        streamed.addAll(scanner.scan(ObfuscationFixtures.window(ARGS, true)).findings());
        // then
        assertThat(streamed).containsExactlyInAnyOrderElementsOf(whole);
        assertThat(ScriptFixtures.redactStreamed(ARGS, cuts)).isEqualTo(redacted);
    }
}
