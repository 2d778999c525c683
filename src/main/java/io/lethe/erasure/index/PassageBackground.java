package io.lethe.erasure.index;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The background corpus of passage matching: page furniture and stock phrases that many unrelated pages
 * carry (video and JavaScript notices, cookie and consent banners, external-link disclaimers, newsletter,
 * sharing, comment and subscription boxes, image credits, copyright lines, navigation), so that a passage
 * registered with it is never found by it. A {@link PassageIndex#SHINGLE_WORDS}-word shingle that any line
 * of the corpus contains weighs 0 in every passage and keeps no postings.
 *
 * <p>The corpus is {@code background/web-furniture.txt} beside this class: one document per line, {@code #}
 * starts a comment. It was written for Lethe (no text copied from any site; the phrasings are the generic
 * ones such notices use, in English, German, French, Spanish, Italian, Dutch and Portuguese) and is under
 * the project's own terms; {@code background/SOURCE.md} says so. Editing it changes {@link #checksum()}, which
 * invalidates compiled snapshots.
 */
public final class PassageBackground {

    static final String RESOURCE = "background/web-furniture.txt";

    private PassageBackground() {
    }

    private static final class Holder {
        static final LongIntMap SHINGLES;
        static final long CHECKSUM;

        static {
            LongIntMap m = new LongIntMap(4096);
            long sum = 0x2545F4914F6CDD1DL;
            try (InputStream in = PassageBackground.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("background corpus " + RESOURCE + " missing from the class path");
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    String t = line.strip();
                    if (t.isEmpty() || t.startsWith("#")) {
                        continue;
                    }
                    LongIntMap inLine = new LongIntMap(16);
                    for (long s : PassageIndex.shingles(t)) {
                        sum = Fold.mix(sum * 31 + s);
                        if (inLine.put(s, 1, -1) < 0) {
                            m.put(s, m.get(s, 0) + 1, -1);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the background corpus " + RESOURCE, e);
            }
            m.trim();
            SHINGLES = m;
            CHECKSUM = sum;
        }
    }

    /** Shingle hash to the number of background documents (lines) containing it. */
    static LongIntMap shingles() {
        return Holder.SHINGLES;
    }

    /** A hash of every shingle of the corpus, in order: compiled tables record it. */
    public static long checksum() {
        return Holder.CHECKSUM;
    }
}
