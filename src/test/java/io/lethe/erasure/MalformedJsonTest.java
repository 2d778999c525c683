package io.lethe.erasure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A body that is not JSON is refused with its position only: the parser's own message quotes the text it
 * stumbled on, which is an erased value when a name or an e-mail is sent unquoted (found by a newcomer trial).
 */
class MalformedJsonTest {

    @TempDir
    Path dir;

    static final List<String> BODIES = List.of(
            "{\"subject\":{\"names\":[Hildegard Vossberg]}}",
            "{\"subject\":{\"emails\":[hv.secret@example.org]}}",
            "{\"subject\":{\"names\":[\"Hildegard Vossberg\"]",
            "{\"subject\":{\"names\":[\"Hildegard Vossberg\" 'x']}}");

    @Test
    void aCreateNamesThePositionNeverTheText() {
        ErasureParser parser = new ErasureParser("US");
        for (String body : BODIES) {
            assertThatThrownBy(() -> parser.parse(body.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(InvalidErasureException.class)
                    .hasMessageStartingWith("malformed JSON")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Hildegard").doesNotContain("Vossberg")
                            .doesNotContain("hv").doesNotContain("secret"));
        }
    }

    @Test
    void aBulkReportNamesTheLineNeverTheText() {
        try (ErasureRegistry r = new ErasureRegistry(dir, "US", Map.of(), 100, s -> { }, Clock.systemUTC())) {
            r.start();
            ErasureRegistry.BulkImport b = r.bulk();
            b.lines(BODIES.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList()).join();
            ErasureRegistry.BulkResult res = b.finish().join();
            assertThat(res.rejected()).hasSize(BODIES.size());
            assertThat(res.rejected().toString()).contains("malformed JSON at line 1")
                    .doesNotContain("Hildegard").doesNotContain("Vossberg").doesNotContain("secret");
        }
    }
}
