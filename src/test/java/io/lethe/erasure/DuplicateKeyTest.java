package io.lethe.erasure;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Red team h68 F4: a key given twice in an admin body is a 400 naming the key's path (a bulk line: that line
 * alone), never a silent drop of the first value; the path names only keys admin bodies know, never the value.
 */
class DuplicateKeyTest extends RegistryFixture {

    @Test
    void aKeyGivenTwiceIsA400NamingItsPathNeverTheValue() {
        open();
        assertThatThrownBy(() -> create("{\"subject\":{\"names\":[\"Hesper Oarsby\"],\"names\":[\"Zed Marlowe\"]}}"))
                .isInstanceOf(CompletionException.class)
                .satisfies(e -> {
                    InvalidErasureException ie = (InvalidErasureException) e.getCause();
                    assertThat(ie.param()).isEqualTo("subject.names");
                    assertThat(ie.getMessage()).contains("given twice").doesNotContain("Hesper", "Zed");
                });
        assertThatThrownBy(() -> create("{\"subject\":{\"names\":[\"A B\"]},\"subject\":{\"names\":[\"C D\"]}}"))
                .satisfies(e -> assertThat(((InvalidErasureException) e.getCause()).param()).isEqualTo("subject"));
        assertThatThrownBy(() -> create("{\"topics\":[\"x\",{\"description\":\"d\",\"examples\":[],\"examples\":[]}]}"))
                .satisfies(e -> assertThat(((InvalidErasureException) e.getCause()).param()).isEqualTo("topics[1].examples"));
        // a key that is no field is not repeated: it could be an erased value
        assertThatThrownBy(() -> create("{\"subject\":{\"Hesper Oarsby\":1,\"Hesper Oarsby\":2}}"))
                .satisfies(e -> {
                    InvalidErasureException ie = (InvalidErasureException) e.getCause();
                    assertThat(ie.param()).isNull();
                    assertThat(ie.getMessage()).contains("given twice").doesNotContain("Hesper");
                });
    }

    @Test
    void aBulkLineWithAKeyTwiceIsRejectedAloneAndTheOthersStored() {
        open();
        var bulk = registry.bulk();
        bulk.lines(List.of(
                "{\"id\":\"b1\",\"subject\":{\"names\":[\"Abelard Grimsditch\"]}}",
                "{\"id\":\"b2\",\"subject\":{\"names\":[\"Xanthe Mirefield\"]},\"subject\":{\"emails\":[\"xm@example.net\"]}}",
                "{\"id\":\"b3\",\"subject\":{\"names\":[\"Tamsin Wexcombe\"]}}")
                .stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList()).join();
        var res = bulk.finish().join();
        assertThat(res.accepted()).isEqualTo(2);
        assertThat(res.rejected()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.param()).isEqualTo("subject");
            assertThat(r.error()).doesNotContain("Xanthe", "xm@");
        });
        assertThat(res.warnings()).isEmpty();
        assertThat(registry.get("b1")).isNotNull();
        assertThat(registry.get("b3")).isNotNull();
    }
}
