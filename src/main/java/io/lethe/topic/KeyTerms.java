package io.lethe.topic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Words that tell a topic's texts from background text, by document frequency: a word is a key term when
 * it is in at least {@value #MIN_SHARE_PERCENT}% of the topic's texts (and two of them), in at most
 * {@value #MAX_BACKGROUND} background texts, and among the {@value #MAX_TERMS} with the highest smoothed
 * log-odds {@code log((df_topic + 0.5) / (n_topic + 1)) - log((df_bg + 0.5) / (n_bg + 1))}. Words are runs of
 * letters and digits, lower-cased (ROOT), at least 3 chars, not an English function word. Stateless.
 */
public final class KeyTerms {

    public static final int MIN_SHARE_PERCENT = 10;
    /** The share for a topic registered alone (see {@link #mine(List, List, Collection, int)}). */
    public static final int ALONE_MIN_SHARE_PERCENT = 20;
    static final int MAX_BACKGROUND = 1;
    static final int MAX_TERMS = 12;

    /** Function words that say nothing about a topic. */
    private static final Set<String> STOP = Set.of("the", "and", "for", "are", "was", "were", "with", "this",
            "that", "these", "those", "from", "which", "what", "who", "whom", "whose", "how", "why", "when", "where",
            "has", "have", "had", "not", "but", "can", "could", "would", "should", "will", "may", "might", "its",
            "their", "there", "they", "them", "his", "her", "him", "she", "you", "your", "our", "all", "any",
            "one", "also", "into", "than", "then", "been", "being", "does", "did", "about", "such", "some",
            "more", "most", "other", "only", "over", "very", "each", "both", "between", "through", "during");

    private KeyTerms() {
    }

    /**
     * Whether {@code c} belongs to a script written without spaces between words (Han, Hiragana, Katakana, Thai,
     * Lao, Khmer, Myanmar): such runs are split into two-char terms, not taken whole.
     */
    public static boolean unspaced(char c) {
        if (c < 0x0E00) {
            return false;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.THAI
                || script == Character.UnicodeScript.LAO || script == Character.UnicodeScript.KHMER
                || script == Character.UnicodeScript.MYANMAR;
    }

    /** Whether most letters of {@code text} are of scripts written without spaces ({@link #unspaced}). */
    public static boolean mostlyUnspaced(CharSequence text) {
        int letters = 0;
        int unspaced = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                if (unspaced(c)) {
                    unspaced++;
                }
            }
        }
        return unspaced * 2 > letters;
    }

    /**
     * The folded words of {@code text}, as key terms are compared (see the class comment): letter runs of 3+
     * chars, lower-cased, less function words; runs of {@link #unspaced} scripts as their two-char terms.
     */
    public static Set<String> words(CharSequence text) {
        Set<String> out = new LinkedHashSet<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && !Character.isLetterOrDigit(text.charAt(i))) {
                i++;
            }
            int s = i;
            if (i < n && unspaced(text.charAt(i))) {
                // no spaces to split on: every two neighbouring chars are a term (a CJK bigram, as Lucene's
                // CJKBigramFilter indexes them), so a registered "青龙" is found inside "青龙电池使用..."
                while (i < n && unspaced(text.charAt(i))) {
                    i++;
                }
                for (int b = s; b + 1 < i; b++) {
                    out.add(text.subSequence(b, b + 2).toString());
                }
                continue;
            }
            while (i < n && Character.isLetterOrDigit(text.charAt(i)) && !unspaced(text.charAt(i))) {
                i++;
            }
            if (i - s >= 3) {
                String w = text.subSequence(s, i).toString().toLowerCase(Locale.ROOT);
                if (!STOP.contains(w)) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    /**
     * The key terms of a topic, most distinctive first.
     *
     * @param topic      the topic's texts (description and examples)
     * @param background texts about anything else
     * @param given      terms the operator named (folded and kept first, whatever their statistics)
     */
    public static List<String> mine(Collection<String> topic, Collection<String> background, Collection<String> given) {
        return mine(topic.stream().map(KeyTerms::words).toList(), background.stream().map(KeyTerms::words).toList(),
                given);
    }

    /** {@link #mine(Collection, Collection, Collection)} over texts already cut into {@link #words}. */
    public static List<String> mine(List<Set<String>> topic, List<Set<String>> background, Collection<String> given) {
        return mine(topic, background, given, MIN_SHARE_PERCENT);
    }

    /**
     * {@link #mine(List, List, Collection)} with a term in at least {@code minSharePercent}% of the topic's
     * texts (and two of them): {@value #ALONE_MIN_SHARE_PERCENT} for a topic registered alone, whose background
     * has none of its field, so a word of the field (genre, awards) passes the background test.
     */
    public static List<String> mine(List<Set<String>> topic, List<Set<String>> background, Collection<String> given,
                                    int minSharePercent) {
        Map<String, Integer> dfTopic = df(topic);
        Map<String, Integer> dfBg = df(background);
        int nt = topic.size();
        int nb = background.size();
        int minDf = Math.max(2, (nt * minSharePercent + 99) / 100);
        List<Map.Entry<String, Double>> scored = new ArrayList<>();
        for (Map.Entry<String, Integer> e : dfTopic.entrySet()) {
            int bg = dfBg.getOrDefault(e.getKey(), 0);
            if (e.getValue() < minDf || bg > MAX_BACKGROUND || e.getKey().chars().allMatch(Character::isDigit)) {
                continue;
            }
            double lo = Math.log((e.getValue() + 0.5) / (nt + 1.0)) - Math.log((bg + 0.5) / (nb + 1.0));
            scored.add(Map.entry(e.getKey(), lo));
        }
        // ties by the word, so the same examples always give the same terms
        scored.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
                : Double.compare(b.getValue(), a.getValue()));
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String g : given) {
            out.addAll(words(g));
        }
        for (int i = 0; i < scored.size() && i < MAX_TERMS; i++) {
            out.add(scored.get(i).getKey());
        }
        return List.copyOf(out);
    }

    private static Map<String, Integer> df(List<Set<String>> texts) {
        Map<String, Integer> df = new HashMap<>();
        for (Set<String> t : texts) {
            for (String w : t) {
                df.merge(w, 1, Integer::sum);
            }
        }
        return df;
    }
}
