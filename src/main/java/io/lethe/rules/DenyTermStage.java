package io.lethe.rules;

import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanScope;
import io.lethe.guard.ScanResult;
import io.lethe.guard.ScanWindow;
import io.lethe.guard.StageScanner;
import io.lethe.guard.NestedFindings;
import io.lethe.text.Folding;
import io.lethe.text.FormStarts;
import io.lethe.text.MappedText;
import io.lethe.text.NormalizedView;
import io.lethe.text.SharedViews;
import io.lethe.text.TermAutomaton;

import java.util.ArrayList;
import java.util.List;

/**
 * Literal deny terms from the rules: compared through {@link Folding} (case, diacritics and compatibility
 * forms, the folding erasure names use too, so "José Núñez" as a term finds "Jose Nunez" and the reverse),
 * whole words (UAX #29 word boundaries, so a term is found next to kana or ideographs too: see
 * {@link TermAutomaton}), any number of lists compiled into one automaton. Findings name the list (rule),
 * never the term.
 */
final class DenyTermStage implements GuardStage {

    public static final String NAME = "deny-terms";

    private final TermAutomaton automaton;
    private final String[] listOfTerm;
    private final int listed;
    /** What a term can begin with in a view: a view's undecided tail is held only if a term could begin in it. */
    private final FormStarts starts;

    public DenyTermStage(List<GuardRules.DenyTermList> lists) {
        List<String> terms = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (GuardRules.DenyTermList l : lists) {
            for (String t : l.terms()) {
                String term = t.strip();
                terms.add(term);
                owners.add(l.id());
                for (String expanded : Folding.expandedSpellings(term)) {  // "Weiß" is also written "Weiss"
                    terms.add(expanded);
                    owners.add(l.id());
                }
                // written backwards ("7A3F-YRANAC-EHTEL") it is the same leak
                String reversed = new StringBuilder(term).reverse().toString();
                if (!Folding.same(reversed, term)) {
                    terms.add(reversed);
                    owners.add(l.id());
                }
            }
        }
        this.automaton = TermAutomaton.build(terms);
        this.starts = new FormStarts.Builder().addAll(terms).build();
        this.listed = lists.stream().mapToInt(l -> l.terms().size()).sum();
        this.listOfTerm = owners.toArray(String[]::new);
    }

    /** Terms as listed (each is also matched written backwards). */
    public int termCount() {
        return listed;
    }

    @Override
    public boolean findsNothing() {
        return listed == 0;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Scans the raw text and the normalized and leetspeak views of it (see {@link NormalizedView}), so an
     * obfuscated term ("L E T H E - C A N A R Y", homoglyphs, zero-width characters) is found too; a match
     * in a view spans the obfuscated raw text.
     */
    @Override
    public StageScanner open(ScanContext context, Channel channel) {
        return open(ScanScope.of(context), channel);
    }

    /** {@link #open(ScanContext, Channel)}, sharing the normalized views of the response's texts with other stages. */
    @Override
    public StageScanner open(ScanScope scope, Channel channel) {
        java.util.Map<Object, NormalizedView> sharedViews = scope.shared(ScanScope.VIEWS, SharedViews::newTable);
        TermAutomaton.Cursor cursor = automaton.cursor();
        NormalizedView[] viewOf = new NormalizedView[1];  // shared with other stages, taken at the first scan
        TermAutomaton.Cursor[] viewCursors = new TermAutomaton.Cursor[NormalizedView.VIEWS];
        for (int i = 0; i < viewCursors.length; i++) {
            viewCursors[i] = automaton.cursor();
        }
        List<TermAutomaton.Match> matches = new ArrayList<>(2);
        java.util.Set<Finding> seen = new java.util.HashSet<>();
        NestedFindings nested = new NestedFindings();
        int[] released = {0};
        return window -> {
            CharSequence text = window.text();
            boolean complete = window.complete();
            List<Finding> found = new ArrayList<>(0);
            matches.clear();
            int hold = cursor.feed(text, text.length(), complete, matches);
            for (TermAutomaton.Match m : matches) {
                add(found, seen, new Finding(null, NAME, listOfTerm[m.termId()], channel, m.start(), m.end(), 1.0, null));
            }
            if (viewOf[0] == null) {
                viewOf[0] = SharedViews.of(sharedViews, text);
            }
            viewOf[0].advance(text, text.length(), complete);
            List<MappedText> views = viewOf[0].views();
            for (int v = 0; v < viewCursors.length; v++) {
                MappedText mv = views.get(v);
                matches.clear();
                int h = viewCursors[v].feed(mv.text(), mv.length(), complete, matches);
                for (TermAutomaton.Match m : matches) {
                    add(found, seen, new Finding(null, NAME, listOfTerm[m.termId()], channel,
                            mv.coverStart(m.start(), text), mv.coverEnd(m.end(), text), 1.0, null));
                }
                if (!complete) {
                    hold = Math.min(hold, mv.matcherHold(h, text, text.length(), starts));
                }
            }
            List<Finding> out = nested.settle(found, hold, complete);
            // never back: a view maps a partial match's first letter over markup dropped before it ("- _ LE" holds
            // from the "_"), which an earlier call may have let go; the letters themselves were never released
            int held = complete ? text.length() : Math.max(released[0], nested.holdFrom(hold));
            released[0] = held;
            return out.isEmpty() ? ScanResult.clear(held) : new ScanResult(out, held);
        };
    }

    private static void add(List<Finding> found, java.util.Set<Finding> seen, Finding f) {
        if (seen.add(f)) {
            found.add(f);
        }
    }
}
