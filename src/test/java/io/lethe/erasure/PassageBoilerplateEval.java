package io.lethe.erasure;

import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.ScanContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The boilerplate test set measured through the registry (bulk import into the base, creates into the
 * delta) and the stage it compiles: how many unrelated pages of the same outlets a passage finding touches,
 * and how much of a registered page's reproduction (verbatim, edited) a finding removes.
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(cat target/cp.txt)
 * io.lethe.erasure.PassageBoilerplateEval [seed]} (BENCHMARKS.md, "Passages").
 */
public final class PassageBoilerplateEval {

    /** Figures of one run. */
    record Figures(int registered, int unrelatedGazette, int blockedGazette, int unrelatedPost, int blockedPost,
                   int control, int blockedControl, int verbatim, int verbatimFound, int edited, int editedWhole,
                   int editedFound) {

        String report() {
            return String.format(
                    "registered pages: %d (Larkfield Gazette %d in the base and 5 by create, Morrow Valley Post 1)%n"
                            + "unrelated pages touched by a passage finding: Gazette %d / %d (%.1f %%), Post %d / %d (%.1f %%), "
                            + "bodies without furniture %d / %d (%.1f %%)%n"
                            + "registered pages reproduced verbatim: found %d / %d%n"
                            + "article text edited every 10-18 words: found %d / %d, removed whole (no 8-word run left) %d / %d (%.1f %%)%n",
                    registered, registered - 6, blockedGazette, unrelatedGazette, pct(blockedGazette, unrelatedGazette),
                    blockedPost, unrelatedPost, pct(blockedPost, unrelatedPost), blockedControl, control,
                    pct(blockedControl, control), verbatimFound, verbatim, editedFound, edited, editedWhole, edited,
                    pct(editedWhole, edited));
        }

        private static double pct(int a, int b) {
            return b == 0 ? 0 : 100.0 * a / b;
        }
    }

    private PassageBoilerplateEval() {
    }

    public static void main(String[] args) throws Exception {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 11;
        System.out.print(run(seed, 30, 300).report());
    }

    static Figures run(long seed, int gazetteBase, int unrelated) throws Exception {
        Path dir = Files.createTempDirectory("lethe-boilerplate");
        NewsFixtures news = new NewsFixtures(seed);
        List<NewsFixtures.Page> registered = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try (ErasureRegistry registry = new ErasureRegistry(dir, "US", Map.of(), 100, s -> { }, Clock.systemUTC())) {
            registry.start();
            ErasureRegistry.BulkImport bulk = registry.bulk();
            List<byte[]> lines = new ArrayList<>();
            for (int i = 0; i < gazetteBase; i++) {
                NewsFixtures.Page p = news.page(NewsFixtures.GAZETTE);
                registered.add(p);
                ids.add("gz-" + i);
                lines.add(json("gz-" + i, p.text()));
            }
            bulk.lines(lines).join();
            bulk.finish().join();
            for (int i = 0; i < 5; i++) {
                NewsFixtures.Page p = news.page(NewsFixtures.GAZETTE);
                registered.add(p);
                ids.add("gz-d" + i);
                registry.create(json("gz-d" + i, p.text())).join();
            }
            NewsFixtures.Page post = news.page(NewsFixtures.POST);
            registered.add(post);
            ids.add("mp-0");
            registry.create(json("mp-0", post.text())).join();
            ErasureStage stage = registry.snapshot();

            int blockedGazette = 0;
            int blockedPost = 0;
            int blockedControl = 0;
            for (int i = 0; i < unrelated; i++) {
                NewsFixtures.Page g = news.page(NewsFixtures.GAZETTE);
                NewsFixtures.Page m = news.page(NewsFixtures.POST);
                blockedGazette += scan(stage, g.text()).isEmpty() ? 0 : 1;
                blockedPost += scan(stage, m.text()).isEmpty() ? 0 : 1;
                blockedControl += scan(stage, g.body()).isEmpty() ? 0 : 1;
            }
            int verbatimFound = 0;
            int edited = 0;
            int editedWhole = 0;
            int editedFound = 0;
            for (int i = 0; i < registered.size(); i++) {
                NewsFixtures.Page p = registered.get(i);
                verbatimFound += names(scan(stage, p.text()), ids.get(i)) ? 1 : 0;
                for (int k = 0; k < 3; k++) {
                    String text = news.edited(p.body(), 10, 18);
                    List<Finding> f = scan(stage, text);
                    edited++;
                    if (names(f, ids.get(i))) {
                        editedFound++;
                        if (longestSurvivingRun(text, f) < 8) {
                            editedWhole++;
                        } else if (Boolean.getBoolean("lethe.eval.print")) {
                            System.out.println("not removed whole: " + redacted(text, f));
                        }
                    }
                }
            }
            return new Figures(registered.size(), unrelated, blockedGazette, unrelated, blockedPost, unrelated,
                    blockedControl, registered.size(), verbatimFound, edited, editedWhole, editedFound);
        }
    }

    static byte[] json(String id, String passage) {
        String escaped = passage.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        return ("{\"id\":\"" + id + "\",\"passages\":[\"" + escaped + "\"]}").getBytes(StandardCharsets.UTF_8);
    }

    static List<Finding> scan(ErasureStage stage, String text) {
        var s = stage.open(new ScanContext("r", "m", null, null), Channel.content(0));
        return s.scan(ObfuscationFixtures.window(text, true)).findings();
    }

    private static boolean names(List<Finding> found, String id) {
        return found.stream().anyMatch(f -> f.erasureId().equals(id));
    }

    /** The text with every finding's span replaced (invented test text only). */
    static String redacted(String text, List<Finding> found) {
        List<Finding> sorted = new ArrayList<>(found);
        sorted.sort((a, b) -> Integer.compare(b.start(), a.start()));
        StringBuilder sb = new StringBuilder(text);
        int limit = text.length();
        for (Finding f : sorted) {
            int end = Math.min(f.end(), limit);
            if (f.start() < end) {
                sb.replace(f.start(), end, "[R]");
                limit = f.start();
            }
        }
        return sb.toString();
    }

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    /** The most consecutive words of the text that no finding overlaps. */
    static int longestSurvivingRun(String text, List<Finding> found) {
        Matcher m = WORD.matcher(text);
        int run = 0;
        int best = 0;
        while (m.find()) {
            boolean removed = false;
            for (Finding f : found) {
                removed |= f.start() < m.end() && m.start() < f.end();
            }
            run = removed ? 0 : run + 1;
            best = Math.max(best, run);
        }
        return best;
    }
}
