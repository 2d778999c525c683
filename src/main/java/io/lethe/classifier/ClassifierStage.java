package io.lethe.classifier;

import io.lethe.guard.Action;
import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanResult;
import io.lethe.guard.ScanWindow;
import io.lethe.guard.StageScanner;
import io.lethe.topic.KeyTerms;
import io.lethe.topic.TopicMatcher;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The classifier as a guard stage. Each channel's text is cut into sentences ({@link Sentences}); a
 * sentence is sent to the micro-batchers as soon as it is complete. Its findings:
 * <ul>
 *   <li>{@code classifier} / rule {@code topic}: the sentence's embedding is close (cosine) to a knowledge
 *       topic of an erasure that applies to the response; the erasure's id, the cosine as score;</li>
 *   <li>{@code classifier} / rule {@code topic-head}: the fitted head of a topic with examples fires (see
 *       {@link io.lethe.topic.TopicHead}); the erasure's id, the head's probability as score;</li>
 *   <li>{@code classifier} / rule {@code <model>:<label>}: an operator's sequence classifier gives a
 *       configured label at least its threshold; the probability as score.</li>
 * </ul>
 * Inline mode holds a sentence until it is scored; shadow mode releases text at once and the findings,
 * arriving late, are recorded but only audited. When scoring fails or times out, fail-closed fails the
 * stage (the session blocks the choice) and fail-open releases the sentence with an {@code unscanned}
 * audit finding. Immutable; rebuilt when rules or topics change.
 */
final class ClassifierStage implements GuardStage {

    public static final String NAME = "classifier";
    public static final String TOPIC_RULE = TopicMatcher.COSINE_RULE;
    public static final String TOPIC_HEAD_RULE = TopicMatcher.HEAD_RULE;
    public static final String UNSCANNED_RULE = "unscanned";

    public enum Mode { INLINE, SHADOW }

    public enum FailMode { CLOSED, OPEN }

    /** A label of an operator's model that is acted on. */
    public record Label(String label, int index, double threshold, Action action) {
        public Label {
            if (threshold < 0 || threshold > 1) {
                throw new IllegalArgumentException("label threshold must be between 0 and 1");
            }
        }
    }

    /** A sequence classifier and the labels the rules act on. */
    public record SequenceModel(String name, MicroBatcher batcher, List<Label> labels) {
        public SequenceModel {
            labels = List.copyOf(labels);
        }
    }

    /**
     * @param topicFloor lowest cosine reported for a topic (the policy's thresholds may ask for more)
     * @param minWords   shorter sentences are not classified (fragments, list markers)
     */
    public record Settings(Mode mode, FailMode fail, float topicFloor, int maxSentenceChars, int minWords) {
        public Settings {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(fail, "fail");
        }
    }

    private final Settings settings;
    private final Sentences sentences;
    private final MicroBatcher embedder;
    private final TopicMatcher topics;
    private final List<SequenceModel> models;

    /**
     * @param embedder the sentence model's batcher (topics), or null
     * @param topics   topic embeddings of the active erasures
     * @param models   operator sequence classifiers with labels to act on
     */
    public ClassifierStage(Settings settings, MicroBatcher embedder, TopicMatcher topics, List<SequenceModel> models) {
        this.settings = settings;
        this.sentences = new Sentences(settings.maxSentenceChars());
        this.embedder = embedder;
        this.topics = topics == null ? TopicMatcher.NONE : topics;
        List<SequenceModel> active = new ArrayList<>();
        for (SequenceModel m : models) {
            if (!m.labels().isEmpty()) {
                active.add(m);
            }
        }
        this.models = List.copyOf(active);
    }

    /** Whether the stage has anything to do: topics to compare with, or labels to act on. */
    public boolean active() {
        return (embedder != null && topics.size() > 0) || !models.isEmpty();
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean async() {
        return true;
    }

    /** In shadow mode the classifier only advises: its findings are audited, never acted on. */
    @Override
    public boolean advisory() {
        return settings.mode() == Mode.SHADOW;
    }

    @Override
    public StageScanner open(ScanContext context, Channel channel) {
        return new Scanner(context);
    }

    /** One sentence on its way through the models. */
    private static final class Sentence {
        /** Where it starts: the channel is held from here while it is scored. */
        final int start;
        /** The spans a finding of it takes, as {@code [start, end)} pairs: the sentence, or a JSON record's values. */
        final int[] spans;
        /** For a record's values together: which of them end a sentence (.!? last), else null. */
        final boolean[] ends;
        final CompletableFuture<float[]> embedding;
        /** The sentence's words, for topic heads' key terms (only with an embedding). */
        final java.util.Set<String> words;
        final List<CompletableFuture<float[]>> labels;
        final CompletableFuture<Void> all;
        /** Written mostly in a script without spaces: only topics in such a script may match it. */
        final boolean unspaced;

        Sentence(int start, int[] spans, boolean[] ends, CompletableFuture<float[]> embedding, java.util.Set<String> words,
                 List<CompletableFuture<float[]>> labels, boolean unspaced) {
            this.start = start;
            this.unspaced = unspaced;
            this.spans = spans;
            this.ends = ends;
            this.embedding = embedding;
            this.words = words;
            this.labels = labels;
            List<CompletableFuture<?>> fs = new ArrayList<>(labels);
            if (embedding != null) {
                fs.add(embedding);
            }
            this.all = CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new));
        }
    }

    private final class Scanner implements StageScanner {
        private final ScanContext context;
        private final ArrayDeque<Sentence> inFlight = new ArrayDeque<>();
        /** Erasure, rule and span of every finding reported ({@link #add}). */
        private final java.util.Set<List<Object>> reported = new java.util.HashSet<>();
        /** The spans of those findings, {@code start << 32 | end}. */
        private final java.util.Set<Long> flagged = new java.util.HashSet<>();
        /** Start of the first sentence not cut yet. */
        private int next;

        Scanner(ScanContext context) {
            this.context = context;
        }

        @Override
        public ScanResult scan(ScanWindow window) {
            CharSequence text = window.text();
            int len = text.length();
            boolean complete = window.complete();
            while (next < len) {
                int end = sentences.end(text, next, complete);
                if (end < 0) {
                    break;
                }
                submit(window.json(), text, next, end);
                next = end;
            }
            List<Finding> findings = new ArrayList<>(0);
            while (!inFlight.isEmpty() && inFlight.peekFirst().all.isDone()) {
                collect(inFlight.pollFirst(), window.channel(), findings);
            }
            // In shadow mode nothing is held: what is found later is audited.
            if (settings.mode() == Mode.SHADOW) {
                return new ScanResult(findings, len, inFlight.isEmpty() ? null : inFlight.peekFirst().all);
            }
            int hold = complete ? len : next;
            for (Sentence s : inFlight) {
                hold = Math.min(hold, s.start);  // a record's values together start before its later values
            }
            return new ScanResult(findings, hold, inFlight.isEmpty() ? null : inFlight.peekFirst().all);
        }

        private void submit(boolean json, CharSequence text, int from, int to) {
            if (json) {
                // JSON (tool arguments, a legacy function call, structured output): each string of the sentence is scored on its own, structure never, so a finding takes a
                // value and leaves the arguments' keys ({"note": "[REDACTED]"}, not {"[REDACTED]": "[REDACTED]"};
                // a newcomer found the key redacted). Keys are model text too: scored alone, and all strings joined
                int[] strings = jsonStrings(text, from, to);
                int[] values = new int[strings.length];
                int[] all = new int[strings.length];
                int nv = 0;
                int na = 0;
                StringBuilder valuesJoined = new StringBuilder();
                StringBuilder allJoined = new StringBuilder();
                for (int k = 0; k < strings.length; k += 3) {
                    int s = trimStart(text, strings[k], strings[k + 1]);
                    int e = trimEnd(text, s, strings[k + 1]);
                    if (s >= e) {
                        continue;
                    }
                    submitPiece(text, s, e, new int[] {s, e});
                    all[na++] = s;
                    all[na++] = e;
                    allJoined.append(allJoined.length() == 0 ? "" : " ").append(text, s, e);
                    if (strings[k + 2] == 0) {
                        values[nv++] = s;
                        values[nv++] = e;
                        valuesJoined.append(valuesJoined.length() == 0 ? "" : " ").append(text, s, e);
                    }
                }
                // a text cut into strings too short to score alone ({"a": "The secret formula", "b": "is mixed at
                // dawn"}): the values together (a finding takes every value, never a key), then, only when
                // nothing else of the sentence was found, every string together (keys taken too)
                if (nv > 2) {
                    boolean[] ends = new boolean[nv / 2];
                    for (int k = 0; k < nv; k += 2) {
                        ends[k / 2] = endsSentence(text, values[k], values[k + 1]);
                    }
                    submitText(valuesJoined.toString(), values[0], java.util.Arrays.copyOf(values, nv), ends);
                }
                if (na > nv && na > 2) {
                    submitText(allJoined.toString(), all[0], java.util.Arrays.copyOf(all, na), null);
                }
                return;
            }
            int s = trimStart(text, from, to);
            int e = trimEnd(text, s, to);
            submitPiece(text, s, e, new int[] {s, e});
        }

        /** Whether {@code text[s, e)} ends with a sentence's final mark ({@code . ! ?}, a closing quote after it). */
        private static boolean endsSentence(CharSequence text, int s, int e) {
            while (e > s && "\u201D\u2019')".indexOf(text.charAt(e - 1)) >= 0) {
                e--;
            }
            return e > s && ".!?\u2026\u3002".indexOf(text.charAt(e - 1)) >= 0;
        }

        /** Where {@code text[from, to)} starts without its leading blanks. */
        private static int trimStart(CharSequence text, int from, int to) {
            while (from < to && Character.isWhitespace(text.charAt(from))) {
                from++;
            }
            return from;
        }

        /** Where {@code text[from, to)} ends without its trailing blanks. */
        private static int trimEnd(CharSequence text, int from, int to) {
            while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
                to--;
            }
            return to;
        }

        private void submitPiece(CharSequence text, int s, int e, int[] spans) {
            submitText(text.subSequence(s, e).toString(), s, spans, null);
        }

        /** Scores {@code sentence}, whose findings take {@code spans} of the channel's text (held from {@code s}). */
        private void submitText(String sentence, int s, int[] spans, boolean[] ends) {
            if (words(sentence, 0, sentence.length()) < settings.minWords()) {
                return;
            }
            CompletableFuture<float[]> emb = embedder != null && topics.size() > 0 ? embedder.submit(sentence) : null;
            List<CompletableFuture<float[]>> labels = new ArrayList<>(models.size());
            for (SequenceModel m : models) {
                labels.add(m.batcher().submit(sentence));
            }
            if (emb == null && labels.isEmpty()) {
                return;
            }
            boolean unspaced = emb != null && KeyTerms.mostlyUnspaced(sentence);
            inFlight.addLast(new Sentence(s, spans, ends, emb, emb == null || !(topics.usesWords() || unspaced)
                    ? java.util.Set.of() : KeyTerms.words(sentence), labels, unspaced));
        }

        private void collect(Sentence s, Channel channel, List<Finding> out) {
            int[] spans = s.spans;
            if (spans.length > 2 && anyFlagged(spans)) {
                if (s.ends == null) {
                    return;  // keys and values together: something of the sentence was found already
                }
                // values of a record, one found alone: the values it runs on into, or that run on into it, with no
                // sentence's end between (a sentence cut over values), not the record's other values
                spans = continuations(spans, s.ends);
                if (spans.length == 0) {
                    return;
                }
            }
            try {
                if (s.embedding != null) {
                    for (TopicMatcher.Hit h : topics.match(s.embedding.join(), s.words, context, settings.topicFloor(), s.unspaced)) {
                        for (int k = 0; k < spans.length; k += 2) {
                            add(out, new Finding(h.erasureId(), NAME, h.rule(), channel, spans[k], spans[k + 1],
                                    Math.min(1.0, h.score()), h.action()));
                        }
                    }
                }
                for (int i = 0; i < models.size(); i++) {
                    SequenceModel m = models.get(i);
                    float[] p = s.labels.get(i).join();
                    for (Label l : m.labels()) {
                        if (l.index() < p.length && p[l.index()] >= l.threshold()) {
                            for (int k = 0; k < spans.length; k += 2) {
                                add(out, new Finding(null, NAME, m.name() + ":" + l.label(), channel, spans[k],
                                        spans[k + 1], p[l.index()], l.action()));
                            }
                        }
                    }
                }
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                if (settings.fail() == FailMode.CLOSED) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    throw new IllegalStateException("classifier did not score a sentence: " + cause, cause);
                }
                for (int k = 0; k < spans.length; k += 2) {
                    add(out, new Finding(null, NAME, UNSCANNED_RULE, channel, spans[k], spans[k + 1], 1.0,
                            Action.AUDIT));
                }
            }
        }

        /** Adds a finding unless one of the same rule and erasure over the same span was reported (a value and its record). */
        private void add(List<Finding> out, Finding f) {
            if (reported.add(java.util.Arrays.asList(f.erasureId(), f.rule(), f.start(), f.end()))) {
                flagged.add(((long) f.start() << 32) | f.end());
                out.add(f);
            }
        }

        /**
         * The spans not found alone that a found one is joined to without a sentence's end between: runs of
         * neighbouring values, each but the last not ending a sentence ({@code ends}), that hold a found value.
         */
        private int[] continuations(int[] spans, boolean[] ends) {
            int m = spans.length / 2;
            boolean[] take = new boolean[m];
            int runStart = 0;
            for (int k = 0; k < m; k++) {
                if (ends[k] || k == m - 1) {
                    boolean found = false;
                    for (int r = runStart; r <= k; r++) {
                        found |= flagged.contains(((long) spans[2 * r] << 32) | spans[2 * r + 1]);
                    }
                    for (int r = runStart; found && r <= k; r++) {
                        take[r] = !flagged.contains(((long) spans[2 * r] << 32) | spans[2 * r + 1]);
                    }
                    runStart = k + 1;
                }
            }
            int[] out = new int[spans.length];
            int n = 0;
            for (int k = 0; k < m; k++) {
                if (take[k]) {
                    out[n++] = spans[2 * k];
                    out[n++] = spans[2 * k + 1];
                }
            }
            return java.util.Arrays.copyOf(out, n);
        }

        /** Whether a finding was reported over one of {@code spans} ({@code [start, end)} pairs). */
        private boolean anyFlagged(int[] spans) {
            for (int k = 0; k < spans.length; k += 2) {
                if (flagged.contains(((long) spans[k] << 32) | spans[k + 1])) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The pieces of {@code text[from, to)} (a sentence of JSON text) between unescaped double quotes that are
     * strings, not structure (only {@code { } [ ] , :}, blanks, numbers and the literals between two strings), as
     * {@code [start, end, key]} triples (UTF-16; {@code key} 1 where a colon follows the closing quote, else 0). A
     * sentence cut inside a string counts its open ends as the string's.
     */
    static int[] jsonStrings(CharSequence text, int from, int to) {
        java.util.List<Integer> quotes = new java.util.ArrayList<>();
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '"') {
                int bs = 0;
                for (int j = i - 1; j >= 0 && text.charAt(j) == '\\'; j--) {
                    bs++;
                }
                if (bs % 2 == 0) {
                    quotes.add(i);
                }
            }
        }
        int[] out = new int[3 * (quotes.size() + 1)];
        int n = 0;
        int start = from;
        for (int q = 0; q <= quotes.size(); q++) {
            int end = q < quotes.size() ? quotes.get(q) : to;
            boolean key = false;
            if (q < quotes.size()) {
                int k = end + 1;
                while (k < text.length() && Character.isWhitespace(text.charAt(k))) {
                    k++;
                }
                key = k < text.length() && text.charAt(k) == ':';
            }
            if (!structure(text, start, end)) {
                out[n++] = start;
                out[n++] = end;
                out[n++] = key ? 1 : 0;
            }
            start = end + 1;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Whether {@code text[s, e)} holds only JSON structure: brackets, commas, colons, blanks, numbers, literals. */
    private static boolean structure(CharSequence text, int s, int e) {
        int i = s;
        while (i < e) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                int w = i;
                while (i < e && Character.isLetter(text.charAt(i))) {
                    i++;
                }
                String word = text.subSequence(w, i).toString();
                if (!word.equals("true") && !word.equals("false") && !word.equals("null") && !word.equals("e")
                        && !word.equals("E")) {
                    return false;
                }
                continue;
            }
            if (!(Character.isWhitespace(c) || "{}[],:.-+0123456789".indexOf(c) >= 0)) {
                return false;
            }
            i++;
        }
        return true;
    }

    private static int words(CharSequence text, int s, int e) {
        int n = 0;
        int unspaced = 0;
        boolean in = false;
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            if (io.lethe.topic.KeyTerms.unspaced(c)) {
                // scripts written without spaces (Han, kana, Thai...): a word is about two chars, not the whole run
                unspaced++;
                in = false;
                continue;
            }
            boolean letter = Character.isLetterOrDigit(c);
            if (letter && !in) {
                n++;
            }
            in = letter;
        }
        return n + (unspaced + 1) / 2;
    }
}
