package io.lethe.rules;

import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanResult;
import io.lethe.guard.ScanWindow;
import io.lethe.guard.StageScanner;
import io.lethe.text.TermAutomaton;

import java.util.ArrayList;
import java.util.List;

/**
 * Literal deny terms from the rules: case-insensitive, whole words, any number of lists compiled into
 * one automaton. Findings name the list (rule), never the term.
 */
public final class DenyTermStage implements GuardStage {

    public static final String NAME = "deny-terms";

    private final TermAutomaton automaton;
    private final String[] listOfTerm;
    private final int listed;

    public DenyTermStage(List<GuardRules.DenyTermList> lists) {
        List<String> terms = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (GuardRules.DenyTermList l : lists) {
            for (String t : l.terms()) {
                String term = t.strip();
                terms.add(term);
                owners.add(l.id());
                // written backwards ("7A3F-YRANAC-EHTEL") it is the same leak
                String reversed = new StringBuilder(term).reverse().toString();
                if (!reversed.equalsIgnoreCase(term)) {
                    terms.add(reversed);
                    owners.add(l.id());
                }
            }
        }
        this.automaton = TermAutomaton.build(terms);
        this.listed = lists.stream().mapToInt(l -> l.terms().size()).sum();
        this.listOfTerm = owners.toArray(String[]::new);
    }

    /** Terms as listed (each is also matched written backwards). */
    public int termCount() {
        return listed;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StageScanner open(ScanContext context, Channel channel) {
        TermAutomaton.Cursor cursor = automaton.cursor();
        List<TermAutomaton.Match> matches = new ArrayList<>(2);
        return window -> {
            matches.clear();
            CharSequence text = window.text();
            int hold = cursor.feed(text, text.length(), window.complete(), matches);
            if (matches.isEmpty()) {
                return ScanResult.clear(hold);
            }
            List<Finding> found = new ArrayList<>(matches.size());
            for (TermAutomaton.Match m : matches) {
                found.add(new Finding(null, NAME, listOfTerm[m.termId()], channel, m.start(), m.end(), 1.0, null));
            }
            return new ScanResult(found, hold);
        };
    }
}
