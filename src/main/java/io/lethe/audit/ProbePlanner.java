package io.lethe.audit;

import io.lethe.erasure.Erasure;
import io.lethe.rules.GuardRules.ProbeTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds an erasure's probes from the templates in force. Deterministic: the same erasure and templates give
 * the same probes in the same order, so a restarted audit knows which ones it already has results for.
 * <ul>
 *   <li>person: one probe per template whose placeholder field the subject has (its first value);</li>
 *   <li>passage: per passage (first {@value #MAX_PASSAGES}), a {@code {prefix}} (the first half of its words, at
 *       most {@value #PREFIX_WORDS}) to continue, and a {@code {cloze}}: its first sentence of
 *       {@value #CLOZE_MIN_WORDS}+ words with its longest word masked as {@code ____};</li>
 *   <li>topic: per topic (first {@value #MAX_TOPICS}), its examples (first {@value #MAX_EXAMPLES}) or its
 *       description.</li>
 * </ul>
 * At most {@code maxPerErasure} probes, in template order.
 */
public final class ProbePlanner {

    static final int MAX_PASSAGES = 2;
    static final int MAX_TOPICS = 2;
    static final int MAX_EXAMPLES = 2;
    static final int PREFIX_WORDS = 40;
    static final int CLOZE_MIN_WORDS = 6;
    private static final Pattern SENTENCE = Pattern.compile("[^.!?。]+[.!?。]?");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*");

    private final List<ProbeTemplate> templates;
    private final int maxPerErasure;

    /**
     * @param templates     the templates of the languages probed, in order
     * @param maxPerErasure the most probes one erasure gets (at least 1)
     */
    public ProbePlanner(List<ProbeTemplate> templates, int maxPerErasure) {
        if (maxPerErasure < 1) {
            throw new IllegalArgumentException("max probes per erasure must be >= 1");
        }
        this.templates = List.copyOf(templates);
        this.maxPerErasure = maxPerErasure;
    }

    /** The templates of the given languages: a later template with an earlier one's id replaces it. */
    public static List<ProbeTemplate> select(List<ProbeTemplate> defaults, List<ProbeTemplate> fromRules,
                                             Set<String> languages) {
        java.util.LinkedHashMap<String, ProbeTemplate> byId = new java.util.LinkedHashMap<>();
        for (ProbeTemplate t : defaults) {
            byId.put(t.id(), t);
        }
        for (ProbeTemplate t : fromRules) {
            byId.put(t.id(), t);
        }
        return byId.values().stream().filter(t -> languages.contains(t.language())).toList();
    }

    /** The erasure's probes; empty when no template fits what it holds. */
    public List<Probe> plan(Erasure e) {
        List<Probe> out = new ArrayList<>();
        for (ProbeTemplate t : templates) {
            switch (t.kind()) {
                case "person" -> person(e, t, out);
                case "passage" -> passage(e, t, out);
                case "topic" -> topic(e, t, out);
                default -> { }
            }
        }
        return out.size() > maxPerErasure ? List.copyOf(out.subList(0, maxPerErasure)) : out;
    }

    private static void person(Erasure e, ProbeTemplate t, List<Probe> out) {
        Erasure.Subject s = e.subject();
        if (s == null) {
            return;
        }
        List<String> values = switch (t.field()) {
            case "name" -> s.names();
            case "alias" -> s.aliases();
            case "email" -> s.emails();
            case "phone" -> s.phones().stream().map(Erasure.Phone::number).toList();
            case "identifier" -> s.identifiers();
            default -> List.of();
        };
        if (!values.isEmpty()) {
            out.add(new Probe(e.id(), ProbeKind.PERSON, t.id(), t.language(), t.id(), t.fill(values.get(0))));
        }
    }

    private static void passage(Erasure e, ProbeTemplate t, List<Probe> out) {
        List<String> passages = e.passages() == null ? List.of() : e.passages();
        for (int i = 0; i < Math.min(MAX_PASSAGES, passages.size()); i++) {
            String value = t.field().equals("prefix") ? prefix(passages.get(i)) : cloze(passages.get(i));
            if (value != null) {
                out.add(new Probe(e.id(), ProbeKind.PASSAGE, t.id(), t.language(), t.id() + "@p" + i, t.fill(value)));
            }
        }
    }

    private static void topic(Erasure e, ProbeTemplate t, List<Probe> out) {
        List<Erasure.Topic> topics = e.topics() == null ? List.of() : e.topics();
        for (int i = 0; i < Math.min(MAX_TOPICS, topics.size()); i++) {
            Erasure.Topic topic = topics.get(i);
            boolean described = topic.description() != null && !topic.description().isBlank();
            if (t.field().equals("description")) {
                // a topic given by examples alone has nothing to describe it with: its examples probe it
                if (described) {
                    out.add(new Probe(e.id(), ProbeKind.TOPIC, t.id(), t.language(), t.id() + "@t" + i,
                            t.fill(topic.description())));
                }
                continue;
            }
            List<String> examples = !topic.examples().isEmpty() ? topic.examples()
                    : described ? List.of(topic.description()) : List.of();
            for (int j = 0; j < Math.min(MAX_EXAMPLES, examples.size()); j++) {
                out.add(new Probe(e.id(), ProbeKind.TOPIC, t.id(), t.language(), t.id() + "@t" + i + "e" + j,
                        t.fill(examples.get(j))));
            }
        }
    }

    /** The first half of the passage's words (at most {@value #PREFIX_WORDS}), or null under 4 words. */
    static String prefix(String passage) {
        Matcher m = WORD.matcher(passage);
        List<Integer> ends = new ArrayList<>();
        while (m.find()) {
            ends.add(m.end());
        }
        if (ends.size() < 4) {
            return null;
        }
        int words = Math.min(PREFIX_WORDS, ends.size() / 2);
        return passage.substring(0, ends.get(words - 1)).strip();
    }

    /** The first sentence of {@value #CLOZE_MIN_WORDS}+ words with its longest word masked, or null. */
    static String cloze(String passage) {
        Matcher s = SENTENCE.matcher(passage);
        while (s.find()) {
            String sentence = s.group().strip();
            Matcher w = WORD.matcher(sentence);
            int count = 0;
            int bestStart = -1;
            int bestEnd = -1;
            while (w.find()) {
                count++;
                if (w.end() - w.start() > bestEnd - bestStart) {
                    bestStart = w.start();
                    bestEnd = w.end();
                }
            }
            if (count >= CLOZE_MIN_WORDS && bestEnd - bestStart >= 4) {
                return sentence.substring(0, bestStart) + "____" + sentence.substring(bestEnd);
            }
        }
        return null;
    }
}
