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
 *
 * <p>An erasure is made of <em>parts</em>, each with its candidate probes (templates in order within a part):
 * <ul>
 *   <li>person: one part per field the subject has ({@code name}, {@code alias}, {@code email}, {@code phone},
 *       {@code identifier}, in the order the templates first name them), asked with its first value;</li>
 *   <li>passage: one part per passage: a {@code {prefix}} (the first half of its words, at most
 *       {@value #PREFIX_WORDS}) to continue, and a {@code {cloze}}: its first sentence of {@value #CLOZE_MIN_WORDS}+
 *       words with its longest word masked as {@code ____};</li>
 *   <li>topic: one part per topic: each of its examples (its description when it has none), and its
 *       description when it has one.</li>
 * </ul>
 * Within at most {@code maxPerErasure} probes, parts are served round-robin: every part gets its first probe
 * before any gets a second. A probe's key names its template and the passage, topic and example it uses, never
 * its rank, so keys stay stable when the cap or the other parts change. Parts the cap leaves without any probe
 * are counted ({@link Plan#partsUnprobed()}).
 */
public final class ProbePlanner {

    static final int PREFIX_WORDS = 40;
    static final int CLOZE_MIN_WORDS = 6;
    private static final Pattern SENTENCE = Pattern.compile("[^.!?。]+[.!?。]?");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’-]*");

    /**
     * An erasure's plan.
     *
     * @param probes        the probes to send, at most the cap, round-robin over the parts
     * @param parts         the erasure's parts that some template fits
     * @param partsUnprobed those of them the cap leaves without a single probe
     */
    public record Plan(List<Probe> probes, int parts, int partsUnprobed) {
        public Plan {
            probes = List.copyOf(probes);
        }
    }

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
        return planParts(e).probes();
    }

    /** The erasure's probes and how many of its parts the cap leaves unprobed. */
    public Plan planParts(Erasure e) {
        List<List<Probe>> parts = new ArrayList<>();
        person(e, parts);
        passages(e, parts);
        topics(e, parts);
        parts.removeIf(List::isEmpty);
        List<Probe> out = new ArrayList<>();
        // round r takes the r-th probe of every part still holding one
        for (int r = 0; out.size() < maxPerErasure; r++) {
            boolean any = false;
            for (List<Probe> part : parts) {
                if (r < part.size() && out.size() < maxPerErasure) {
                    out.add(part.get(r));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        // the first round alone serves min(parts, cap) parts: the rest get nothing
        return new Plan(out, parts.size(), Math.max(0, parts.size() - maxPerErasure));
    }

    private void person(Erasure e, List<List<Probe>> parts) {
        Erasure.Subject s = e.subject();
        if (s == null) {
            return;
        }
        java.util.Map<String, List<Probe>> byField = new java.util.LinkedHashMap<>();
        for (ProbeTemplate t : templates) {
            if (!t.kind().equals("person")) {
                continue;
            }
            List<String> values = switch (t.field()) {
                case "name" -> s.names();
                case "alias" -> s.aliases();
                case "email" -> s.emails();
                case "phone" -> s.phones().stream().map(Erasure.Phone::number).toList();
                case "identifier" -> s.identifiers();
                default -> List.of();
            };
            String value = values == null || values.isEmpty() ? null : values.get(0);
            if (value != null && !value.isBlank()) {
                byField.computeIfAbsent(t.field(), k -> new ArrayList<>())
                        .add(new Probe(e.id(), ProbeKind.PERSON, t.id(), t.language(), t.id(), t.fill(value)));
            }
        }
        parts.addAll(byField.values());
    }

    private void passages(Erasure e, List<List<Probe>> parts) {
        List<String> passages = e.passages() == null ? List.of() : e.passages();
        for (int i = 0; i < passages.size(); i++) {
            String passage = passages.get(i);
            String prefix = passage == null ? null : prefix(passage);
            String cloze = passage == null ? null : cloze(passage);
            List<Probe> part = new ArrayList<>();
            for (ProbeTemplate t : templates) {
                if (!t.kind().equals("passage")) {
                    continue;
                }
                String value = t.field().equals("prefix") ? prefix : cloze;
                if (value != null) {
                    part.add(new Probe(e.id(), ProbeKind.PASSAGE, t.id(), t.language(), t.id() + "@p" + i, t.fill(value)));
                }
            }
            parts.add(part);
        }
    }

    private void topics(Erasure e, List<List<Probe>> parts) {
        List<Erasure.Topic> topics = e.topics() == null ? List.of() : e.topics();
        long served = parts.stream().filter(p -> !p.isEmpty()).count();
        for (int i = 0; i < topics.size(); i++) {
            Erasure.Topic topic = topics.get(i);
            boolean described = topic.description() != null && !topic.description().isBlank();
            List<String> examples = !topic.examples().isEmpty() ? topic.examples()
                    : described ? List.of(topic.description()) : List.of();
            // round r of the plan takes a part's r-th probe, and parts past the cap get none: no part needs more
            // than the cap, nor one past it more than the one probe that counts it (a topic may hold 500
            // examples of 10,000 chars, an erasure 1,000 topics)
            int limit = served >= maxPerErasure ? 1 : maxPerErasure;
            List<Probe> part = new ArrayList<>();
            for (ProbeTemplate t : templates) {
                if (!t.kind().equals("topic") || part.size() >= limit) {
                    continue;
                }
                if (t.field().equals("description")) {
                    // a topic given by examples alone has nothing to describe it with: its examples probe it
                    if (described) {
                        part.add(new Probe(e.id(), ProbeKind.TOPIC, t.id(), t.language(), t.id() + "@t" + i,
                                t.fill(topic.description())));
                    }
                    continue;
                }
                for (int j = 0; j < examples.size() && part.size() < limit; j++) {
                    if (examples.get(j) != null && !examples.get(j).isBlank()) {
                        part.add(new Probe(e.id(), ProbeKind.TOPIC, t.id(), t.language(), t.id() + "@t" + i + "e" + j,
                                t.fill(examples.get(j))));
                    }
                }
            }
            parts.add(part);
            served += part.isEmpty() ? 0 : 1;
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
