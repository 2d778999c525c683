package io.lethe.decode;

import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanResult;
import io.lethe.guard.ScanWindow;
import io.lethe.guard.StageScanner;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs inner stages over decoded forms of a channel's text: a ROT13 view of all of it, and every base64,
 * base32 or hex run of at least {@code minRun} characters, decoded (nested encodings to {@code depth}).
 * Findings in the ROT13 view keep their offsets (the view is length-preserving); findings in a decoded
 * run span the encoded run. Inner findings keep their detector and rule, so the policy treats an encoded
 * leak as the leak it is.
 */
public final class DecodingStage implements GuardStage {

    public static final String NAME = "decoded";

    private final List<GuardStage> inner;
    private final int minRun;
    private final int depth;

    public DecodingStage(List<GuardStage> inner, int minRun, int depth) {
        this.inner = List.copyOf(inner);
        this.minRun = minRun;
        this.depth = depth;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StageScanner open(ScanContext context, Channel channel) {
        return new Scanner(context, channel);
    }

    static boolean isRunChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                || c == '=' || c == '-' || c == '_';
    }

    private final class Scanner implements StageScanner {
        private final ScanContext context;
        private final Channel channel;
        private final StageScanner[] rot13;
        private final Rot13Window rot13Window;
        private int pos;
        private int runStart = -1;
        private final Set<Finding> reported = new HashSet<>();

        Scanner(ScanContext context, Channel channel) {
            this.context = context;
            this.channel = channel;
            this.rot13 = new StageScanner[inner.size()];
            for (int i = 0; i < rot13.length; i++) {
                rot13[i] = inner.get(i).open(context, channel);
            }
            this.rot13Window = new Rot13Window();
        }

        @Override
        public ScanResult scan(ScanWindow window) {
            CharSequence text = window.text();
            int len = text.length();
            List<Finding> out = new ArrayList<>(0);
            int hold = len;
            rot13Window.outer = window;
            for (StageScanner s : rot13) {
                ScanResult r = s.scan(rot13Window);
                for (Finding f : r.findings()) {
                    if (rotatesAnything(text, f.start(), f.end())) {
                        add(out, f);
                    } // else: ROT13 left the span as it was (digits, symbols): the stage found it in the raw text
                }
                hold = Math.min(hold, r.holdFrom());
            }
            for (int i = pos; i < len; i++) {
                if (isRunChar(text.charAt(i))) {
                    if (runStart < 0) {
                        runStart = i;
                    }
                } else if (runStart >= 0) {
                    run(text, runStart, i, depth, out);
                    runStart = -1;
                }
            }
            pos = len;
            if (window.complete()) {
                if (runStart >= 0) {
                    run(text, runStart, len, depth, out);
                    runStart = -1;
                }
                hold = len;
            } else if (runStart >= 0) {
                hold = Math.min(hold, runStart);  // an unfinished run could still decode to a finding
            }
            return new ScanResult(out, hold);
        }

        private void add(List<Finding> out, Finding f) {
            if (reported.add(f)) {
                out.add(f);
            }
        }

        /** Decodes {@code text[start, end)} every way it may be encoded and scans what reads as text. */
        private void run(CharSequence text, int start, int end, int levels, List<Finding> out) {
            // trailing '=' belongs to the run; leading/trailing '-', '_', '/' are usually punctuation
            while (start < end && "-_/+".indexOf(text.charAt(start)) >= 0) {
                start++;
            }
            while (end > start && "-_/+".indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
            if (end - start < minRun) {
                return;
            }
            CharSequence run = text.subSequence(start, end);
            for (String decoded : decodings(run)) {
                if (decoded != null) {
                    for (Finding f : scanDecoded(decoded, levels)) {
                        add(out, new Finding(f.erasureId(), f.detector(), f.rule(), channel, start, end, f.score(), f.action()));
                    }
                }
            }
        }

        private List<String> decodings(CharSequence run) {
            List<String> out = new ArrayList<>(3);
            boolean allHex = true;
            boolean allB32 = true;
            for (int i = 0; i < run.length(); i++) {
                char c = run.charAt(i);
                allHex &= Character.digit(c, 16) >= 0;
                allB32 &= (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7') || c == '=';
            }
            if (allHex) {
                out.add(Codecs.hex(run));
            }
            if (allB32) {
                out.add(Codecs.base32(run));
            }
            out.add(Codecs.base64(run));
            return out;
        }

        /** Findings in a decoded text (offsets irrelevant: the caller spans the run); nested runs too. */
        private List<Finding> scanDecoded(String decoded, int levels) {
            List<Finding> found = new ArrayList<>();
            WholeWindow w = new WholeWindow(channel, decoded);
            for (GuardStage s : inner) {
                found.addAll(s.open(context, channel).scan(w).findings());
            }
            if (levels > 1) {
                List<Finding> nested = new ArrayList<>();
                int rs = -1;
                for (int i = 0; i <= decoded.length(); i++) {
                    boolean c = i < decoded.length() && isRunChar(decoded.charAt(i));
                    if (c && rs < 0) {
                        rs = i;
                    } else if (!c && rs >= 0) {
                        if (i - rs >= minRun) {
                            for (String d : decodings(decoded.subSequence(rs, i))) {
                                if (d != null) {
                                    nested.addAll(scanDecoded(d, levels - 1));
                                }
                            }
                        }
                        rs = -1;
                    }
                }
                found.addAll(nested);
            }
            return found;
        }
    }

    /** Whether ROT13 changes any char of {@code text[from, to)} (an ASCII letter). */
    static boolean rotatesAnything(CharSequence text, int from, int to) {
        for (int i = from; i < Math.min(to, text.length()); i++) {
            char c = text.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                return true;
            }
        }
        return false;
    }

    /** The outer window seen through ROT13; same length, so offsets need no mapping. */
    private static final class Rot13Window implements ScanWindow, CharSequence {
        ScanWindow outer;

        @Override
        public Channel channel() {
            return outer.channel();
        }

        @Override
        public CharSequence text() {
            return this;
        }

        @Override
        public int newFrom() {
            return outer.newFrom();
        }

        @Override
        public boolean complete() {
            return outer.complete();
        }

        @Override
        public int length() {
            return outer.text().length();
        }

        @Override
        public char charAt(int index) {
            return Codecs.rot13(outer.text().charAt(index));
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            StringBuilder sb = new StringBuilder(end - start);
            for (int i = start; i < end; i++) {
                sb.append(charAt(i));
            }
            return sb;
        }

        @Override
        public String toString() {
            return subSequence(0, length()).toString();
        }
    }

    private record WholeWindow(Channel channel, String text) implements ScanWindow {
        @Override
        public int newFrom() {
            return 0;
        }

        @Override
        public boolean complete() {
            return true;
        }
    }
}
