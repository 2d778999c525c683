package io.lethe.proxy;

import io.lethe.guard.Action;
import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanResult;
import io.lethe.guard.ScanWindow;
import io.lethe.guard.StageScanner;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A test detector: flags fixed words, with the action the word asks for ({@code Voldemort}: redact,
 * {@code Horcrux}: block, {@code Nagini}: audit). Holds back a trailing partial word, as real stages do.
 */
final class TestStage implements GuardStage {

    static final Map<String, Action> TERMS = Map.of("Voldemort", Action.REDACT, "Horcrux", Action.BLOCK,
            "Nagini", Action.AUDIT);
    private final Map<String, Action> terms;
    private final int longest;

    TestStage() {
        this(TERMS);
    }

    /** A stage for other fixed terms (a phone number's digits). */
    TestStage(Map<String, Action> terms) {
        this.terms = terms;
        this.longest = terms.keySet().stream().mapToInt(String::length).max().orElse(1);
    }

    @Override
    public String name() {
        return "test-terms";
    }

    @Override
    public StageScanner open(ScanContext context, Channel channel) {
        Set<Integer> reported = new HashSet<>();
        return (ScanWindow w) -> {
            CharSequence text = w.text();
            int len = text.length();
            List<Finding> found = new ArrayList<>();
            // Only the new text and a term's length before it can hold a new match (keeps long streams linear).
            int from = Math.max(0, w.newFrom() - longest);
            String s = text.subSequence(from, len).toString();
            for (Map.Entry<String, Action> t : terms.entrySet()) {
                for (int i = s.indexOf(t.getKey()); i >= 0; i = s.indexOf(t.getKey(), i + 1)) {
                    int at = from + i;
                    if (reported.add(at)) {
                        found.add(new Finding("erasure-" + t.getKey().toLowerCase(), name(), "term-" + t.getKey()
                                .toLowerCase(), w.channel(), at, at + t.getKey().length(), 1.0, t.getValue()));
                    }
                }
            }
            int hold = len;
            if (!w.complete()) {
                for (int i = Math.max(0, len - longest + 1); i < len; i++) {
                    String tail = text.subSequence(i, len).toString();
                    if (terms.keySet().stream().anyMatch(term -> term.startsWith(tail))) {
                        hold = i;
                        break;
                    }
                }
            }
            return new ScanResult(found, hold);
        };
    }
}
