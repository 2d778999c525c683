package io.lethe.decode;

import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.ScanScope;
import io.lethe.guard.ScanResult;
import io.lethe.guard.ScanWindow;
import io.lethe.guard.StageScanner;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Runs inner stages over decoded forms of a channel's text: a ROT13 view of all of it, every base64,
 * base32 or hex run of at least {@code minRun} characters (or {@value #MIN_SHORT_RUN} when it holds digits and
 * letters or mixed case, see {@link #looksEncoded}), decoded (nested encodings to {@code depth}), hex bytes
 * written one by one ({@link HexBytes}: "\x4a\x75", "0x4A 0x75", "4a 75 6c") and decimal character codes
 * ({@link CharCodes}: "77 105 114 97", "chr(77)+chr(105)") and Unicode code point notation ({@link CodePoints}:
 * "U+004D U+0069").
 * Findings in the ROT13 view keep their offsets (the view is length-preserving); findings in a decoded
 * run span the encoded run. Inner findings keep their detector and rule, so the policy treats an encoded
 * leak as the leak it is.
 */
final class DecodingStage implements GuardStage {

    public static final String NAME = "decoded";
    /** Shortest run decoded when it is shorter than {@code minRun} but looks encoded ({@link #looksEncoded}). */
    static final int MIN_SHORT_RUN = 8;

    private final List<GuardStage> inner;
    private final int minRun;
    private final int depth;

    public DecodingStage(List<GuardStage> inner, int minRun, int depth) {
        this.inner = inner.stream().filter(s -> !s.findsNothing()).toList();
        this.minRun = minRun;
        this.depth = depth;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean findsNothing() {
        return inner.isEmpty();
    }

    @Override
    public StageScanner open(ScanContext context, Channel channel) {
        return open(ScanScope.of(context), channel);
    }

    /**
     * Opens the channel's scanner. The inner stages see a scope for readings ({@link ScanScope#forReadings}):
     * their own, but for the normalized views of the ROT13 text, shared among them.
     */
    @Override
    public StageScanner open(ScanScope scope, Channel channel) {
        if (inner.isEmpty()) {
            return window -> ScanResult.clear(window.text().length());  // nothing to find in any decoding
        }
        return new Scanner(scope.forReadings(), channel);
    }

    static boolean isRunChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                || c == '=' || c == '-' || c == '_';
    }

    private final class Scanner implements StageScanner {
        private final ScanScope scope;
        private final ScanContext context;
        private final Channel channel;
        private final StageScanner[] rot13;
        private final Rot13Window rot13Window;
        private int pos;
        private int runStart = -1;
        private final RunProbe.Cursor runProbe = new RunProbe.Cursor();
        /** Texts written a unit per token: hex bytes and decimal character codes. */
        private final Units[] units = {new Units(new HexBytes()), new Units(new CharCodes()),
                new Units(new CodePoints())};
        private final Set<Finding> reported = new HashSet<>();
        /** A base64 body wrapped at a fixed line length (MIME, PEM): where its first line starts, or -1. */
        private int blockStart = -1;
        /** Where the block's last full line ends, and that lines' length. */
        private int blockEnd;
        private int blockLine;
        private final StringBuilder blockText = new StringBuilder();

        Scanner(ScanScope scope, Channel channel) {
            this.scope = scope;
            this.context = scope.context();
            this.channel = channel;
            this.rot13 = new StageScanner[inner.size()];
            for (int i = 0; i < rot13.length; i++) {
                rot13[i] = inner.get(i).open(scope, channel);
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
                char c = text.charAt(i);
                if (isRunChar(c)) {
                    if (runStart < 0) {
                        runStart = i;
                        runProbe.start(i);
                    }
                } else if (runStart >= 0) {
                    run(text, runStart, i, depth, out);
                    wrapped(text, runStart, i, c, out);
                    runStart = -1;
                } else if (blockStart >= 0 && i > blockEnd + 2) {
                    blockStart = -1;  // a line of other chars after the block
                }
                for (Units u : units) {
                    u.next(text, i, c, out);
                }
            }
            pos = len;
            if (window.complete()) {
                if (runStart >= 0) {
                    run(text, runStart, len, depth, out);
                    wrapped(text, runStart, len, (char) 0, out);
                    runStart = -1;
                }
                blockStart = -1;
                for (Units u : units) {
                    u.endToken(text, len, (char) 0, out);
                    u.endSequence(out);
                }
                hold = len;
            } else {
                int from = runStart < 0 ? -1 : runProbe.holdFrom(text, len);
                if (from >= 0) {
                    hold = Math.min(hold, from);  // an unfinished run could still decode to a finding
                }
                if (blockStart >= 0) {
                    hold = Math.min(hold, blockStart);  // the block's next line could complete a finding
                }
                for (Units u : units) {
                    int h = u.hold(text, len);
                    if (h >= 0) {
                        hold = Math.min(hold, h);
                    }
                }
            }
            return new ScanResult(out, hold);
        }

        /**
         * One text written a unit per token ({@link UnitSequence}: hex bytes "\\x4a\\x75", "0x4A 0x75",
         * "4a 75 6c"; decimal character codes "77 105 114"), read char by char; a finding in what the sequence
         * spells spans the sequence.
         */
        private final class Units {
            final UnitSequence seq;
            int tokStart = -1;

            Units(UnitSequence seq) {
                this.seq = seq;
            }

            void next(CharSequence text, int i, char c, List<Finding> out) {
                if (seq.isTokenChar(c)) {
                    if (tokStart < 0) {
                        tokStart = i;
                    }
                    return;
                }
                endToken(text, i, c, out);
                if (!HexBytes.isSeparator(c) && !(seq.units() > 0 && seq.joins(text, seq.end(), i + 1, true))) {
                    endSequence(out);
                }
            }

            /** Ends the token open before {@code i} (ended by {@code after}, 0 at the end of the text). */
            void endToken(CharSequence text, int i, char after, List<Finding> out) {
                if (tokStart < 0) {
                    return;
                }
                int start = tokStart;
                tokStart = -1;
                boolean glued = (start > 0 && Character.isLetterOrDigit(text.charAt(start - 1)))
                        || Character.isLetterOrDigit(after);
                if (glued) {
                    endSequence(out);  // "0x41g", "g4a", "A123": part of a word
                    return;
                }
                if (seq.units() > 0 && !HexBytes.isGap(text, seq.end(), start) && !seq.joins(text, seq.end(), start, false)) {
                    endSequence(out);
                }
                if (!seq.add(text, start, i)) {
                    endSequence(out);
                }
            }

            void endSequence(List<Finding> out) {
                if (seq.units() >= seq.minUnits()) {
                    String decoded = seq.decoded();
                    if (decoded != null) {
                        for (Finding f : scanDecoded(decoded, depth)) {
                            add(out, new Finding(f.erasureId(), f.detector(), f.rule(), channel, seq.start(), seq.end(),
                                    f.score(), f.action()));
                        }
                    }
                }
                seq.clear();
            }

            /** Where a sequence that may still grow starts, or -1. */
            int hold(CharSequence text, int len) {
                // a sequence that can no longer be text never decodes: it holds nothing
                boolean sequence = seq.units() > 0 && seq.couldBeText();
                if (sequence && (len - seq.end() <= HexBytes.MAX_GAP || seq.joins(text, seq.end(), len, true))) {
                    return seq.start();
                }
                if (tokStart >= 0) {
                    if (sequence && (tokStart - seq.end() <= HexBytes.MAX_GAP || seq.joins(text, seq.end(), tokStart, false))) {
                        return seq.start();
                    }
                    // a token glued to the word before it ("bed", "0x41g") is no unit; nor is one past a unit's length
                    boolean glued = tokStart > 0 && Character.isLetterOrDigit(text.charAt(tokStart - 1));
                    if (!glued && seq.couldBeToken(text, tokStart, len)) {
                        return tokStart;
                    }
                }
                return -1;
            }
        }

        private void add(List<Finding> out, Finding f) {
            if (reported.add(f)) {
                out.add(f);
            }
        }

        /**
         * Base64 wrapped over lines as MIME (76 chars) and PEM (64) write it, or at any other fixed width: full
         * lines of one length, a multiple of four and at least eight chars, each a whole run on its own line, then
         * a last line no longer than them. The lines joined are decoded as one run, and a finding spans the block.
         * While a block is open a stream holds it from its first line. The run {@code text[start, end)} ended
         * before {@code after} (0 at the text's end).
         */
        private void wrapped(CharSequence text, int start, int end, char after, List<Finding> out) {
            boolean lineStart = start == 0 || text.charAt(start - 1) == '\n';
            boolean contiguous = blockStart >= 0 && lineStart
                    && (start == blockEnd + 1 || (start == blockEnd + 2 && text.charAt(blockEnd) == '\r'));
            int n = end - start;
            boolean lineEnd = after == '\n' || after == '\r';
            boolean full = lineStart && lineEnd && n >= MIN_SHORT_RUN && n % 4 == 0 && text.charAt(end - 1) != '=';
            if (contiguous && full && n == blockLine) {
                blockText.append(text, start, end);
                blockEnd = end;
                return;
            }
            if (contiguous && n <= blockLine && (after == 0 || lineEnd || !isRunChar(after))) {
                blockText.append(text, start, end);
                if (blockText.length() > blockLine) {  // two lines or more
                    for (String decoded : decodings(blockText)) {
                        if (decoded != null && !decoded.isEmpty()) {
                            for (Finding f : scanDecoded(decoded, depth)) {
                                add(out, new Finding(f.erasureId(), f.detector(), f.rule(), channel, blockStart, end,
                                        f.score(), f.action()));
                            }
                        }
                    }
                }
                blockStart = -1;
                return;
            }
            blockStart = -1;
            if (full) {
                blockStart = start;
                blockEnd = end;
                blockLine = n;
                blockText.setLength(0);
                blockText.append(text, start, end);
            }
        }

        /** Decodes {@code text[start, end)} every way it may be encoded and scans what reads as text. */
        /**
         * A run of base64/base32/hex chars ended. An '=' followed by another run char ends a piece: padding ends
         * an encoded value, and "key=VALUE" (a URL query, "q=SWxzZSBW...&lang=en"; a log field) is a key and a
         * value. Each piece is decoded on its own, and a finding spans its piece.
         */
        private void run(CharSequence text, int start, int end, int levels, List<Finding> out) {
            int from = start;
            for (int i = start; i < end - 1; i++) {
                if (text.charAt(i) == '=' && text.charAt(i + 1) != '=') {
                    piece(text, from, i + 1, levels, out);
                    from = i + 1;
                }
            }
            piece(text, from, end, levels, out);
        }

        private void piece(CharSequence text, int start, int end, int levels, List<Finding> out) {
            // trailing '=' belongs to the run; leading/trailing '-', '_', '/', '+' are usually punctuation, but a
            // final one may be the last char of base64 ("5a6L5ZiJ5oe/" is 宋嘉懿; "56mG5ZiJ5oe_" URL-safe): that run
            // is decoded as well
            int rawEnd = end;
            while (start < end && "-_/+".indexOf(text.charAt(start)) >= 0) {
                start++;
            }
            while (end > start && "-_/+".indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
            if (rawEnd > end && rawEnd - start >= MIN_SHORT_RUN) {
                decodeRun(text, start, rawEnd, levels, out, true);
            }
            decodeRun(text, start, end, levels, out, false);
        }

        private void decodeRun(CharSequence text, int start, int end, int levels, List<Finding> out, boolean base64Only) {
            if (end - start < minRun && !(end - start >= MIN_SHORT_RUN && looksEncoded(text, start, end))) {
                return;
            }
            CharSequence run = text.subSequence(start, end);
            for (String decoded : base64Only ? List.of(Objects.requireNonNullElse(Codecs.base64(run), "")) : decodings(run)) {
                if (decoded != null && !decoded.isEmpty()) {
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
            ScanWindow w = new ScanWindow.Whole(channel, decoded);
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

    /**
     * Whether a run shorter than {@code minRun} still looks like base64 or hex rather than a word: it holds a digit
     * and a letter, a capital after a small letter, or ends in "=" (a short name encodes to 8-15 chars:
     * "SW5lcyBEdXB1eQ", "4a756c6965").
     */
    static boolean looksEncoded(CharSequence text, int start, int end) {
        boolean digit = false;
        boolean letter = false;
        boolean lowerThenUpper = false;
        boolean lower = false;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c >= 'a' && c <= 'z') {
                letter = true;
                lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                letter = true;
                lowerThenUpper |= lower;
            }
        }
        return (digit && letter) || lowerThenUpper || text.charAt(end - 1) == '=';
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
}
