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
 * {@link TermAutomaton}), any number of lists compiled into one automaton; and a term of {@link #MIN_SKELETON}
 * letters and digits also whatever separators stand between them ({@link SkeletonCursor}: "LETHE_CANARY_7F3A",
 * "VANTA BLOOM"). Findings name the list (rule), never the term.
 */
final class DenyTermStage implements GuardStage {

    public static final String NAME = "deny-terms";

    private final TermAutomaton automaton;
    private final String[] listOfTerm;
    /** Whether each automaton term has a letter: then a view's match over raw text without one is a number. */
    private final boolean[] termHasLetter;
    private final int listed;
    /** What a term can begin with in a view: a view's undecided tail is held only if a term could begin in it. */
    private final FormStarts starts;
    /**
     * The terms' skeletons (letters and digits only, folded, as each view reads the term), matched across
     * separators ({@link SkeletonCursor}); null when no term has {@link #MIN_SKELETON} letters and digits.
     */
    private final TermAutomaton skeletons;
    private final String[] listOfSkeleton;
    private final int longestSkeleton;
    /** How the terms begin, up to each separator, folded ("lethe", "lethecanary"): see {@link SkeletonCursor}. */
    private final java.util.Set<String> firstPieces = new java.util.HashSet<>();

    /**
     * Fewest letters and digits a term needs to be matched across separators: a short one ("Ab-1") would be
     * found in ordinary prose ("ab 1"), so it is matched as written only.
     */
    static final int MIN_SKELETON = 6;

    public DenyTermStage(List<GuardRules.DenyTermList> lists) {
        List<String> terms = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        List<Integer> forward = new ArrayList<>();  // the terms not written backwards
        for (GuardRules.DenyTermList l : lists) {
            for (String t : l.terms()) {
                String term = t.strip();
                terms.add(term);
                owners.add(l.id());
                forward.add(terms.size() - 1);
                for (String expanded : Folding.expandedSpellings(term)) {  // "Weiß" is also written "Weiss"
                    terms.add(expanded);
                    owners.add(l.id());
                    forward.add(terms.size() - 1);
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
        this.termHasLetter = new boolean[terms.size()];
        for (int i = 0; i < terms.size(); i++) {
            termHasLetter[i] = terms.get(i).chars().anyMatch(Character::isLetter);
        }
        List<String> skeletonTerms = new ArrayList<>();
        List<String> skeletonOwners = new ArrayList<>();
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (int i : forward) {
            StringBuilder begun = new StringBuilder();
            for (String piece : Folding.fold(terms.get(i)).split("[^\\p{L}\\p{N}]+")) {
                begun.append(piece);
                if (begun.length() > 0) {
                    firstPieces.add(begun.toString());
                }
            }
            for (String sk : skeletonsOf(terms.get(i))) {
                if (distinct.add(owners.get(i) + '\u0000' + sk)) {
                    skeletonTerms.add(sk);
                    skeletonOwners.add(owners.get(i));
                }
            }
        }
        this.skeletons = skeletonTerms.isEmpty() ? null : TermAutomaton.build(skeletonTerms);
        this.listOfSkeleton = skeletonOwners.toArray(String[]::new);
        int longest = 0;
        for (int i = 0; skeletons != null && i < skeletonTerms.size(); i++) {
            longest = Math.max(longest, skeletons.termLength(i));
        }
        this.longestSkeleton = longest;
        List<String> firsts = new ArrayList<>(terms);
        firsts.addAll(skeletonTerms);
        this.starts = new FormStarts.Builder().addAll(firsts).build();
        this.listed = lists.stream().mapToInt(l -> l.terms().size()).sum();
        this.listOfTerm = owners.toArray(String[]::new);
    }

    /**
     * The skeletons of {@code term} as the views read it (the normalized view, and the leetspeak readings, so
     * "L3THE CANARY 7F3A", which the leetspeak views read "LeTHE CANARY tFeA", meets the term read the same way):
     * its letters and digits only, folded; none when it has fewer than {@link #MIN_SKELETON} of them or no
     * letter (numbers and their separators are the number detectors' concern). Terms written backwards are
     * matched as written only.
     */
    private static List<String> skeletonsOf(String term) {
        NormalizedView view = new NormalizedView();
        view.advance(term, term.length(), true);
        List<String> out = new ArrayList<>(2);
        for (io.lethe.text.MappedText v : view.views()) {
            StringBuilder sk = new StringBuilder();
            boolean letter = false;
            CharSequence t = v.text();
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (SkeletonCursor.isSkeletonChar(c)) {
                    sk.append(Folding.fold(c));
                    letter |= Character.isLetter(c);
                }
            }
            String s = sk.toString();
            if (letter && s.length() >= MIN_SKELETON && !out.contains(s)) {
                out.add(s);
            }
        }
        return out;
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
        SkeletonCursor[] skeletonCursors = new SkeletonCursor[skeletons == null ? 0 : NormalizedView.VIEWS];
        for (int i = 0; i < viewCursors.length; i++) {
            viewCursors[i] = automaton.cursor();
            if (skeletons != null) {
                skeletonCursors[i] = new SkeletonCursor(skeletons, longestSkeleton, firstPieces);
            }
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
                    int from = mv.coverStart(m.start(), text);
                    int to = mv.coverEnd(m.end(), text);
                    if (!termHasLetter[m.termId()] || notANumber(text, from, to)) {
                        add(found, seen, new Finding(null, NAME, listOfTerm[m.termId()], channel, from, to, 1.0, null));
                    }
                }
                if (skeletons != null) {
                    matches.clear();
                    h = Math.min(h, skeletonCursors[v].feed(mv.text(), mv.length(), complete, matches));
                    for (TermAutomaton.Match m : matches) {
                        int from = mv.coverStart(m.start(), text);
                        int to = mv.coverEnd(m.end(), text);
                        if (notANumber(text, from, to)) {  // every skeleton has a letter: a bare number is none
                            add(found, seen, new Finding(null, NAME, listOfSkeleton[m.termId()], channel, from, to,
                                    1.0, null));
                        }
                    }
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

    /**
     * Whether raw {@code text[from, to)} is more than a number: leetspeak replaces some of a word's letters, so a run
     * of ASCII digits and the separators of numbers alone ("1515", "505", "816-075") is a number, never a term read
     * through the views. Anything else may be the term: a letter, an entity or escape the view decoded
     * ("&#44608;&#48124;&#51456;"), a symbol.
     */
    private static boolean notANumber(CharSequence text, int from, int to) {
        for (int i = Math.max(0, from); i < Math.min(to, text.length()); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9') && !Character.isWhitespace(c) && "-_.,:/()+".indexOf(c) < 0) {
                return true;
            }
        }
        return false;
    }

    private static void add(List<Finding> found, java.util.Set<Finding> seen, Finding f) {
        if (seen.add(f)) {
            found.add(f);
        }
    }
}
