package io.lethe.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.Nicknames;
import io.lethe.guard.Action;
import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanWindow;
import io.lethe.guard.StageScanner;
import io.lethe.testkit.TestData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** The TOFU authors as erasures, and the obfuscations a model (or a user prompting it) may apply to them. */
final class ObfuscationFixtures {

    static final String EMAIL_OWNER = "e-john";
    static final String EMAIL = "john.doe@example.com";

    private static List<String> authors;
    private static ErasureStage stage;

    private ObfuscationFixtures() {
    }

    /** Author names of TOFU's fictitious authors (shared/data/tofu/authors_derived.jsonl). */
    static synchronized List<String> authors() {
        if (authors == null) {
            ObjectMapper json = new ObjectMapper();
            List<String> out = new ArrayList<>();
            try {
                for (String line : Files.readAllLines(TestData.dir().resolve("tofu").resolve("authors_derived.jsonl"),
                        StandardCharsets.UTF_8)) {
                    JsonNode name = json.readTree(line).get("name");
                    if (name != null && name.isTextual()) {
                        out.add(name.asText());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            authors = List.copyOf(out);
        }
        return authors;
    }

    /** Authors whose names are plain ASCII words, so each obfuscation below applies letter by letter. */
    static List<String> plainAuthors() {
        return authors().stream().filter(n -> n.matches("[A-Za-z]+( [A-Za-z]+)+")).toList();
    }

    static String id(String author) {
        return "a-" + author.toLowerCase().replaceAll("[^a-z]+", "-");
    }

    /** Every author as an erasure of its name, plus one erasure of an e-mail. */
    static synchronized ErasureStage stage() {
        if (stage == null) {
            List<CompiledErasures.Spec> specs = new ArrayList<>();
            List<ErasureStage.Entry> entries = new ArrayList<>();
            for (String a : authors()) {
                specs.add(new CompiledErasures.Spec(List.of(a), null, null, null, null));
                entries.add(new ErasureStage.Entry(id(a), null, Erasure.Scope.EVERYWHERE, null, false));
            }
            specs.add(new CompiledErasures.Spec(null, null, List.of(EMAIL), null, null));
            entries.add(new ErasureStage.Entry(EMAIL_OWNER, null, Erasure.Scope.EVERYWHERE, null, false));
            CompiledErasures base = CompiledErasures.build(specs, Nicknames.shipped(), "US");
            stage = new ErasureStage(base, entries.toArray(new ErasureStage.Entry[0]), new BitSet(),
                    CompiledErasures.empty(), new ErasureStage.Entry[0], Map.of());
        }
        return stage;
    }

    static final ScanContext CTX = new ScanContext("r", "m", null, null);

    /** Scans a whole text with one scanner call. */
    static List<Finding> scanWhole(String text) {
        StageScanner s = stage().open(CTX, Channel.content(0));
        return s.scan(window(text, true)).findings();
    }

    static ScanWindow window(CharSequence text, boolean complete) {
        return new ScanWindow() {
            public Channel channel() {
                return Channel.content(0);
            }

            public CharSequence text() {
                return text;
            }

            public int newFrom() {
                return 0;
            }

            public boolean complete() {
                return complete;
            }
        };
    }

    /** An obfuscation class: a name → how it is written. */
    record Obfuscation(String name, UnaryOperator<String> apply, Predicate<String> appliesTo) {

        Obfuscation(String name, UnaryOperator<String> apply) {
            this(name, apply, n -> true);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Obfuscation> obfuscations() {
        return List.of(
                new Obfuscation("homoglyphs", n -> n.replace('a', '\u0430').replace('e', '\u0435')
                        .replace('o', '\u043e').replace('p', '\u0440').replace('c', '\u0441')),
                new Obfuscation("zero-width joiners", n -> n.replaceAll("(?<=\\b\\w)", "\u200D")),
                new Obfuscation("soft hyphens", n -> n.replaceAll("(?<=\\b\\w\\w)(?=\\w)", "\u00AD")),
                new Obfuscation("spaced letters", n -> spaced(n, " ", "  ")),
                // one space between words too: words are told apart by their capitals only, so "v a n" stays glued
                new Obfuscation("spaced letters, one space", n -> spaced(n, " ", " "),
                        n -> n.matches("[A-Z][a-z]+( [A-Z][a-z]+)+")),
                new Obfuscation("dotted letters", n -> spaced(n, ".", " ")),
                new Obfuscation("leetspeak", n -> n.replace('a', '4').replace('e', '3').replace('i', '1')
                        .replace('o', '0').replace('s', '5').replace('t', '7')),
                new Obfuscation("markdown emphasis", n -> wrapWords(n, "**", "**", "_", "_")),
                new Obfuscation("html nbsp", n -> n.replace(" ", "&nbsp;")),
                new Obfuscation("html numeric reference", n -> "&#" + (int) n.charAt(0) + ";" + n.substring(1)),
                new Obfuscation("url-encoded", n -> n.replace(" ", "%20")),
                new Obfuscation("line breaks", n -> n.replace(" ", "\r\n\r\n")),
                new Obfuscation("html tags", n -> wrapWords(n, "<b>", "</b>", "<em class=\"x\">", "</em>")),
                // issue 11: the same kinds, written the ways that were missed
                new Obfuscation("leetspeak, ambiguous symbols", n -> n.replace('l', '1').replace('i', '!')
                        .replace('g', '9').replace('b', '8').replace('a', '4').replace('s', '$').replace('t', '7')
                        .replace('o', '0').replace('e', '3').replace('z', '2')),
                new Obfuscation("leetspeak, 1 for i and l", n -> n.replace('l', '1').replace('i', '1').replace('o', '0')),
                new Obfuscation("underscores inside words", n -> insideWords(n, "_", "_")),
                new Obfuscation("asterisks inside words", n -> insideWords(n, "**", "**")),
                new Obfuscation("strong tags inside words", n -> insideWords(n, "<strong>", "</strong>")),
                new Obfuscation("spaced lower-case letters, slash between words",
                        n -> spaced(n.toLowerCase(java.util.Locale.ROOT), " ", " / ")),
                new Obfuscation("dotted letters, a dot after each word", n -> spaced(n, ".", ". "),
                        n -> n.matches("[A-Za-z ]+")),
                new Obfuscation("each word reversed", n -> {
                    List<String> words = new ArrayList<>();
                    for (String w : n.split(" ")) {
                        words.add(new StringBuilder(w).reverse().toString());
                    }
                    return String.join(" ", words);
                }));
    }

    /** Each word of three letters or more with its second and third letters wrapped: "Gre_ta_"-like "B_as_il". */
    static String insideWords(String name, String open, String close) {
        List<String> words = new ArrayList<>();
        for (String w : name.split(" ")) {
            words.add(w.length() < 3 ? w : w.charAt(0) + open + w.substring(1, 3) + close + w.substring(3));
        }
        return String.join(" ", words);
    }

    /** The first word wrapped in one pair of markers, the others in another: "**Basil** _Mahfouz_". */
    static String wrapWords(String name, String firstOpen, String firstClose, String open, String close) {
        String[] w = name.split(" ");
        StringBuilder sb = new StringBuilder(firstOpen).append(w[0]).append(firstClose);
        for (int i = 1; i < w.length; i++) {
            sb.append(' ').append(open).append(w[i]).append(close);
        }
        return sb.toString();
    }

    /** Letters joined by {@code letterSep}, words by {@code wordSep}. */
    static String spaced(String name, String letterSep, String wordSep) {
        List<String> words = new ArrayList<>();
        for (String w : name.split(" ")) {
            words.add(String.join(letterSep, w.split("")));
        }
        return String.join(wordSep, words);
    }
}
