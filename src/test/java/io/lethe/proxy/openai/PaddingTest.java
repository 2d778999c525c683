package io.lethe.proxy.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** OpenAI's {@code obfuscation} padding replaced in the event's own text, the rest left as the upstream wrote it. */
class PaddingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String replaced(String raw) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(raw);
        Padding.Taken taken = Padding.take(event);
        Padding.put(event, taken);
        String out = Padding.inRaw(raw, taken);
        if (out != null) {
            // the same JSON as the tree the gateway would write, padding included
            assertThat(JSON.readTree(out)).isEqualTo(event);
        }
        return out;
    }

    @Test
    void onlyThePaddingValueChanges() throws Exception {
        String raw = "{\"id\":\"c1\", \"obfuscation\" : \"Ab3dE\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}";
        String out = replaced(raw);
        assertThat(out).matches("\\{\"id\":\"c1\", \"obfuscation\" : \"[A-Za-z0-9]{5}\",\"choices\":\\[\\{\"index\":0,"
                + "\"delta\":\\{\"content\":\"hi\"}}]}").doesNotContain("Ab3dE");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // the key or value as a nested field, or as another field's value: only the top-level field is padding
            "{\"choices\":[{\"delta\":{\"obfuscation\":\"zz\"}}],\"obfuscation\":\"Qx\"}",
            "{\"object\":\"obfuscation\",\"obfuscation\":\"Qx\"}",
            "{\"note\":\"a \\\"obfuscation\\\":\\\"zz\\\" b\",\"obfuscation\":\"Qx\"}",
            "{\"x\":[{},{\"obfuscation\":\"zz\"}],\"obfuscation\":\"Qx\"}",
    })
    void theTopLevelFieldIsTheOneReplaced(String raw) throws Exception {
        String out = replaced(raw);
        assertThat(out).isNotNull().doesNotContain("\"Qx\"");
        assertThat(out.replaceFirst("\"obfuscation\":\"[A-Za-z0-9]{2}\"}$", "\"obfuscation\":\"Qx\"}")).isEqualTo(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"obfuscation\":4155550142}", "{\"obfuscation\":{\"x\":\"Corwin\"}}",
            "{\"obfuscation\":true}", "{\"obfuscation\":null}", "{\"obfuscation\":[4,1]}"})
    void aValueThatIsNoStringIsReplacedByAPaddingString(String raw) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(raw);
        String old = event.get("obfuscation").toString();
        Padding.Taken taken = Padding.take(event);
        assertThat(event.has("obfuscation")).as("taken out for the scan").isFalse();
        Padding.put(event, taken);
        assertThat(event.get("obfuscation").isTextual()).isTrue();
        assertThat(event.get("obfuscation").textValue()).matches("[A-Za-z0-9]{" + old.length() + "}");
        assertThat(Padding.inRaw(raw, taken)).as("written from the tree").isNull();
    }

    @Test
    void anEscapeInTheValueIsWrittenFromTheTree() throws Exception {
        assertThat(replaced("{\"obfuscation\":\"a\\u0042c\",\"choices\":[]}")).isNull();
    }
}
