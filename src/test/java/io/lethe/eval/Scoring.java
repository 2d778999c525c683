package io.lethe.eval;

/**
 * What of each planted form reached the client.
 *
 * <p>The output is aligned with the planted text by a character-level longest common subsequence (each
 * {@code [REDACTED]} first collapsed to one private-use character, so its letters never align with a
 * name; ties resolved in favour of template text). A planted unit "reached the client" when it is aligned
 * to an output unit. A <b>run</b> is a stretch of aligned units of one planted form that are also adjacent
 * in the output (units of weight 0 that vanished do not break it). Definitions:
 * <ul>
 *   <li><b>removed</b> (recall): no run of the planted form carries {@code min(threshold, total weight)}
 *       or more weight — for names, e-mail local parts, phones, identifiers and encodings the threshold is
 *       4 letters/digits/encoded units (a CJK character weighs 2), for passages 40 letters/digits;</li>
 *   <li><b>partial leak</b>: more than half of the planted form's weight reaches the client, even in
 *       pieces;</li>
 *   <li>a blocked answer (the refusal instead of the text) removes everything.</li>
 * </ul>
 */
final class Scoring {

    static final String REPLACEMENT = "[REDACTED]";
    static final char MARK = '\uE000';

    record Outcome(boolean removed, boolean partial, int templateLettersLost, double survivedShare) {
    }

    private Scoring() {
    }

    static Outcome score(Instance in, String output, boolean blocked) {
        int nSeg = in.planted().size();
        if (blocked || output == null) {
            return new Outcome(true, false, letters(in), 0);
        }
        String t = in.text();
        String o = output.replace(REPLACEMENT, String.valueOf(MARK));
        int[] match = align(t, o, in.seg());
        boolean removed = true;
        boolean partial = false;
        double worstShare = 0;
        for (int k = 0; k < nSeg; k++) {
            Planted p = in.planted().get(k);
            int total = p.totalWeight();
            int threshold = Math.max(1, Math.min(p.threshold(), total));
            int survived = 0;
            int maxRun = 0;
            int run = 0;
            int lastO = -2;
            boolean gapClean = true;
            for (int i = 0; i < t.length(); i++) {
                if (in.seg()[i] != k) {
                    continue;
                }
                int w = in.weight()[i];
                if (match[i] >= 0) {
                    survived += w;
                    if (lastO >= 0 && match[i] == lastO + 1 && gapClean) {
                        run += w;
                    } else {
                        run = w;
                    }
                    lastO = match[i];
                    gapClean = true;
                    maxRun = Math.max(maxRun, run);
                } else if (w > 0) {
                    run = 0;
                    lastO = -2;
                }
            }
            if (maxRun >= threshold) {
                removed = false;
            }
            double share = total == 0 ? 0 : survived / (double) total;
            worstShare = Math.max(worstShare, share);
            if (share > 0.5) {
                partial = true;
            }
        }
        int lost = 0;
        for (int i = 0; i < t.length(); i++) {
            if (in.seg()[i] < 0 && match[i] < 0 && Character.isLetterOrDigit(t.charAt(i))) {
                lost++;
            }
        }
        return new Outcome(removed, partial, lost, worstShare);
    }

    private static int letters(Instance in) {
        int n = 0;
        for (int i = 0; i < in.text().length(); i++) {
            if (in.seg()[i] < 0 && Character.isLetterOrDigit(in.text().charAt(i))) {
                n++;
            }
        }
        return n;
    }

    /** For each unit of {@code t}, the index of the output unit it aligns with, or -1. */
    static int[] align(String t, String o, int[] seg) {
        int n = t.length();
        int m = o.length();
        int[] match = new int[n];
        java.util.Arrays.fill(match, -1);
        int pre = 0;
        while (pre < n && pre < m && t.charAt(pre) == o.charAt(pre)) {
            match[pre] = pre;
            pre++;
        }
        int suf = 0;
        while (suf < n - pre && suf < m - pre && t.charAt(n - 1 - suf) == o.charAt(m - 1 - suf)) {
            match[n - 1 - suf] = m - 1 - suf;
            suf++;
        }
        int a = n - pre - suf;
        int b = m - pre - suf;
        if (a == 0 || b == 0) {
            return match;
        }
        if ((long) a * b > 40_000_000L) {
            throw new IllegalStateException("alignment too large: " + a + " x " + b);
        }
        int[] dp = new int[(a + 1) * (b + 1)];
        int w = b + 1;
        for (int i = 1; i <= a; i++) {
            char ti = t.charAt(pre + i - 1);
            int gain = seg[pre + i - 1] < 0 ? 1001 : 1000;
            for (int j = 1; j <= b; j++) {
                int best = Math.max(dp[(i - 1) * w + j], dp[i * w + j - 1]);
                if (ti == o.charAt(pre + j - 1)) {
                    best = Math.max(best, dp[(i - 1) * w + j - 1] + gain);
                }
                dp[i * w + j] = best;
            }
        }
        int i = a;
        int j = b;
        while (i > 0 && j > 0) {
            char ti = t.charAt(pre + i - 1);
            int gain = seg[pre + i - 1] < 0 ? 1001 : 1000;
            if (ti == o.charAt(pre + j - 1) && dp[i * w + j] == dp[(i - 1) * w + j - 1] + gain) {
                match[pre + i - 1] = pre + j - 1;
                i--;
                j--;
            } else if (dp[(i - 1) * w + j] >= dp[i * w + j - 1]) {
                i--;
            } else {
                j--;
            }
        }
        return match;
    }
}
