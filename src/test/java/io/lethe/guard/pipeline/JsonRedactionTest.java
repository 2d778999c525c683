package io.lethe.guard.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.Action;
import io.lethe.guard.Channel;
import io.lethe.guard.Decision;
import io.lethe.guard.Finding;
import io.lethe.guard.GuardStage;
import io.lethe.guard.Policy;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanResult;
import io.lethe.guard.StageScanner;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redactions in tool-call arguments keep the JSON valid: inside a string the replacement is escaped; a
 * number or literal the span touches is replaced whole by the replacement as a string; structure is kept;
 * streamed equals whole; text that is not JSON is redacted plainly.
 */
class JsonRedactionTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Channel ARGS = Channel.toolArguments(0, 0);

    /** Flags every occurrence of literal strings; holds a trailing prefix of one. */
    record Literals(List<String> terms) implements GuardStage {
        @Override
        public String name() {
            return "literals";
        }

        @Override
        public StageScanner open(ScanContext context, Channel channel) {
            Set<Integer> reported = new HashSet<>();
            return w -> {
                String s = w.text().toString();
                List<Finding> out = new ArrayList<>();
                for (String t : terms) {
                    for (int i = s.indexOf(t); i >= 0; i = s.indexOf(t, i + 1)) {
                        if (reported.add(i * 31 + t.hashCode())) {
                            out.add(new Finding("e", "literals", "r", channel, i, i + t.length(), 1, null));
                        }
                    }
                }
                int hold = s.length();
                if (!w.complete()) {
                    for (String t : terms) {
                        for (int k = Math.max(0, s.length() - t.length() + 1); k < s.length(); k++) {
                            if (t.startsWith(s.substring(k))) {
                                hold = Math.min(hold, k);
                                break;
                            }
                        }
                    }
                }
                return new ScanResult(out, hold);
            };
        }
    }

    static GuardSession session(String replacement, String... terms) {
        Policy p = new Policy() {
            @Override
            public Decision decide(Finding finding, ScanContext context) {
                return new Decision(Action.REDACT, "r", replacement, "refused");
            }

            @Override
            public Decision onStageFailure(String stage, ScanContext context) {
                return new Decision(Action.BLOCK, "f", replacement, "refused");
            }
        };
        return new GuardPipeline(List.of(new Literals(List.of(terms))), p).open(new ScanContext("r", "m", null, null), null);
    }

    static String streamed(GuardSession s, Channel ch, String text, List<Integer> cuts) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int c : cuts.stream().sorted().distinct().toList()) {
            if (c > at && c < text.length()) {
                out.append(s.append(ch, text.substring(at, c)).text());
                at = c;
            }
        }
        out.append(s.append(ch, text.substring(at)).text());
        out.append(s.finish(ch).text());
        return out.toString();
    }

    static String whole(String text, String replacement, String... terms) {
        return streamed(session(replacement, terms), ARGS, text, List.of());
    }

    static JsonNode parse(String s) {
        try {
            return MAPPER.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not valid JSON: " + s, e);
        }
    }

    @Test
    void aNumberSlotGetsTheReplacementAsAString() {
        String out = whole("{\"phone\": 15551234567, \"n\": 2}", "[REDACTED]", "5551234567");
        assertThat(parse(out).get("phone").asText()).isEqualTo("[REDACTED]");
        assertThat(parse(out).get("n").asInt()).isEqualTo(2);
    }

    @Test
    void aReplacementWithQuotesIsEscapedInsideAString() {
        String out = whole("{\"to\": \"Tom Riddle\"}", "he said \"no\" \\ ok", "Riddle");
        assertThat(parse(out).get("to").asText()).isEqualTo("Tom he said \"no\" \\ ok");
    }

    @Test
    void aSpanOverStructureKeepsTheStructure() {
        String out = whole("{\"a\":\"Marisol\",\"b\":\"Quintanilla\",\"c\":true}", "[R]", "Marisol\",\"b\":\"Quintanilla");
        JsonNode n = parse(out);
        assertThat(n.size()).isEqualTo(3);
        assertThat(out).doesNotContain("Marisol").doesNotContain("Quintanilla");
        assertThat(n.get("c").asBoolean()).isTrue();
    }

    @Test
    void aLiteralAndANumberAtTheVeryEndAreReplacedWhole() {
        assertThat(parse(whole("[true, 42]", "[R]", "rue")).get(0).asText()).isEqualTo("[R]");
        assertThat(parse(whole("{\"x\": 9876543", "[R]", "76543") + "}").get("x").asText()).isEqualTo("[R]");
    }

    @Test
    void aSpanInsideAnEscapeTakesTheWholeEscape() {
        String out = whole("{\"n\": \"Jos\\u00e9 N\"}", "[R]", "00e9");
        assertThat(parse(out).get("n").asText()).isEqualTo("Jos[R] N");
    }

    /**
     * Keys redacted alike stay distinct: a parser keeps every field (an outside tester found
     * {@code {"[REDACTED]": 1, "[REDACTED]": 2}}, which parses to one field).
     */
    @Test
    void redactedKeysStayDistinct() {
        String text = "{\"Marisol\": 1, \"Quintanilla\": 2, \"n\": {\"Marisol\": [\"Marisol\"]}}";
        String out = whole(text, "[REDACTED]", "Marisol", "Quintanilla");
        assertThat(out).isEqualTo("{\"[REDACTED]\": 1, \"[REDACTED]#2\": 2, \"n\": {\"[REDACTED]#3\": [\"[REDACTED]\"]}}");
        assertThat(parse(out).size()).isEqualTo(3);
        for (List<Integer> cuts : List.of(List.of(3), List.of(2, 5, 9, 14, 20, 30, 41, 50), List.of(12, 13, 27))) {
            assertThat(streamed(session("[REDACTED]", "Marisol", "Quintanilla"), ARGS, text, cuts)).isEqualTo(out);
        }
    }

    /**
     * Keys the request's schema declares are the client's words: a redaction that covers one leaves it as it is, so
     * structured output still parses into its schema (an outside tester's topic finding over a whole record gave
     * {"[REDACTED]": "[REDACTED]", "[REDACTED]#2": ...} and every SDK parse failed). Other keys are redacted.
     */
    @Test
    void aRedactionKeepsTheKeysTheRequestDeclared() {
        String text = "{\"author\": \"Marisol Quintanilla\", \"Marisol\": 1, \"year\": 1961}";
        String[] terms = {"author\": \"Marisol Quintanilla", "Marisol\": 1, \"year"};
        String expected = "{\"author\": \"[R]\", \"[R]\": \"[R]\", \"year\": 1961}";
        GuardSession s = session("[R]", terms);
        s.declareKeys(Set.of("author", "year"));
        assertThat(streamed(s, ARGS, text, List.of())).isEqualTo(expected);
        for (List<Integer> cuts : List.of(List.of(3), List.of(2, 5, 9, 14, 20, 30, 41, 50), List.of(12, 13, 27, 33))) {
            GuardSession t = session("[R]", terms);
            t.declareKeys(Set.of("author", "year"));
            assertThat(streamed(t, ARGS, text, cuts)).as("cuts %s", cuts).isEqualTo(expected);
        }
        assertThat(parse(expected).size()).isEqualTo(3);
    }

    @Test
    void textThatIsNotJsonIsRedactedPlainly() {
        assertThat(whole("call Marisol now", "[R]", "Marisol")).isEqualTo("call [R] now");
    }

    @Test
    void anUnfinishedNumberIsHeldUntilItEnds() {
        GuardSession s = session("[R]", "zzz");
        String first = s.append(ARGS, "{\"n\": 1234").text();
        assertThat(first).isEqualTo("{\"n\": ");
        assertThat(s.append(ARGS, "5}").text()).isEqualTo("12345}");
    }

    // ---- property: random JSON with planted values, any chunking

    static final List<String> PLANTED = List.of("Marisol Quintanilla", "5551234567", "Jos\\u00e9", "true");

    record Case(String json, List<Integer> cuts) {
    }

    @Provide
    Arbitrary<Case> jsonWithPlantedValues() {
        Arbitrary<String> leaf = Arbitraries.oneOf(
                Arbitraries.of(PLANTED).map(p -> p.equals("5551234567") || p.equals("true") ? p : "\"" + p + "\""),
                Arbitraries.of("\"x\"", "1", "\"a b\"", "null", "\"q\\\"uote\"", "15551234567", "\"5551234567 x\""));
        Arbitrary<String> value = Arbitraries.lazyOf(
                () -> leaf,
                () -> leaf.list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]"),
                () -> Combinators.combine(Arbitraries.of("k", "name", "Marisol Quintanilla", "p"), leaf)
                        .as((k, v) -> "{\"" + k + "\": " + v + "}"));
        Arbitrary<String> doc = value.list().ofMinSize(1).ofMaxSize(4).map(l -> "{" + joinKeys(l) + "}");
        return doc.flatMap(d -> Arbitraries.integers().between(1, d.length()).list().ofMaxSize(10)
                .map(c -> new Case(d, c)));
    }

    /** Keys "f0", "f1", ...; the second and fourth are planted values, which are redacted whole. */
    private static String joinKeys(List<String> values) {
        List<String> kv = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String key = i == 1 ? "Marisol Quintanilla" : i == 3 ? "Jos\\u00e9" : "f" + i;
            kv.add("\"" + key + "\":" + values.get(i));
        }
        return String.join(",", kv);
    }

    @Property(tries = 300)
    void redactedArgumentsStayValidJsonAndStreamedEqualsWhole(@ForAll("jsonWithPlantedValues") Case c) {
        String[] terms = {"Marisol Quintanilla", "5551234567", "Jos\\u00e9", "true"};
        String whole = whole(c.json(), "[REDACTED]", terms);
        String streamed = streamed(session("[REDACTED]", terms), ARGS, c.json(), c.cuts());

        assertThat(streamed).isEqualTo(whole);
        JsonNode n = parse(whole);
        assertThat(n).isInstanceOf(ObjectNode.class);
        assertThat(n.size()).as("every key survives, redacted keys distinct").isEqualTo(parse(c.json()).size());
        for (String t : terms) {
            assertThat(whole).doesNotContain(t);
        }
    }
}
