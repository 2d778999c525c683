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
 * "U+004D U+0069"), and base64 or hex split by single spaces or line breaks into pieces of one width ({@code Chain}).
 * A decoded text is read again as ROT13 too, so ROT13 under base64 or hex is one of the nested layers.
 * Findings in the ROT13 view keep their offsets (the view is length-preserving); findings in a decoded
 * run span the encoded run. Inner findings keep their detector and rule, so the policy treats an encoded
 * leak as the leak it is.
 */
final class DecodingStage implements GuardStage {

    public static final String NAME = "decoded";
    /** Shortest run decoded when it is shorter than {@code minRun} but looks encoded ({@link #looksEncoded}). */
    static final int MIN_SHORT_RUN = 8;
    /** Shortest piece of a run split by spaces or line breaks ({@code Chain}). */
    static final int MIN_PIECE = 4;
    /** Work bound of one run's nested decodings: chars scanned per decoded char ({@code scanDecoded}). */
    static final int WORK_FACTOR = 6;
    /** Chars every run's nested decodings may scan besides {@link #WORK_FACTOR} times its decoded length. */
    static final int WORK_SLACK = 256;

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
        private final Chain chain = new Chain();

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
                    chain.piece(text, runStart, i, out);
                    if (!Chain.isSeparator(c)) {
                        chain.close(text, out);
                    }
                    runStart = -1;
                } else {
                    if (blockStart >= 0 && i > blockEnd + 2) {
                        blockStart = -1;  // a line of other chars after the block
                    }
                    if (!(c == '\n' && i > 0 && text.charAt(i - 1) == '\r' && i - 1 == chain.lastEnd)) {
                        chain.close(text, out);  // two separators, or another char: the chain ends
                    }
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
                    chain.piece(text, runStart, len, out);
                    runStart = -1;
                }
                chain.close(text, out);
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
                int chainHold = chain.holdFrom(text);
                if (chainHold >= 0) {
                    hold = Math.min(hold, chainHold);  // more pieces could complete the chain's decoding
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

        /**
         * A base64 or hex run split into pieces of one width by single spaces, tabs or line breaks, at any width
         * ("Tm90 ZXMg YWJv", lines of 19 chars): pieces of one length of at least {@value #MIN_PIECE} chars, the
         * last no longer, each after one separator. When the chain ends, its pieces joined are decoded, dropping up
         * to two pieces at either end (ordinary words of the same length beside the run), and the first span of
         * two pieces or more and at least {@code minRun} chars that decodes to text is scanned; a finding spans
         * those pieces. Prose is a chain too (words of one length), but its letters joined are rarely UTF-8 text
         * ({@link RunProbe#couldBeText}), and what decodes is only scanned: a finding needs a registered value in
         * it. A stream holds the chain from its first piece that could still begin a decodable span.
         */
        private final class Chain {
            /** Pieces at either end that may be dropped. */
            static final int DROP = 2;
            /** Control bytes the joined pieces' first bytes may decode to (a list of numbers is hex of controls). */
            static final int MAX_CONTROLS = 0;
            /** Whether the last piece is shorter than the others (or padding on a line of its own). */
            boolean shortLast;
            int count;
            int width;
            boolean ended;
            /** The last piece: its start and end (-2: none yet). */
            int lastStart;
            int lastEnd = -2;
            /** Starts of the first pieces, ends of the last ones (index {@code count - 1 - j} at {@code ends[j]}). */
            final int[] starts = new int[DROP + 1];
            final int[] ends = new int[DROP + 1];
            /** Per first piece dropped: the index of the piece at which the joined prefix stopped being text, or MAX. */
            final int[] failAt = new int[DROP + 1];
            final StringBuilder[] probes = {new StringBuilder(), new StringBuilder(), new StringBuilder()};

            static boolean isSeparator(char c) {
                return c == ' ' || c == '\t' || c == '\n' || c == '\r';
            }

            /** The run {@code text[start, end)} ended. */
            void piece(CharSequence text, int start, int end, List<Finding> out) {
                int n = end - start;
                int eq = -1;
                for (int i = start; i < end - 1; i++) {
                    if (text.charAt(i) == '=' && text.charAt(i + 1) != '=') {
                        eq = i;  // "key=VALUE": no piece of a split run
                    }
                }
                boolean next = count > 0 && start <= lastEnd + 2 && (start == lastEnd + 1
                        || (text.charAt(lastEnd) == '\r' && text.charAt(lastEnd + 1) == '\n'));
                boolean padding = true;
                for (int i = start; i < end; i++) {
                    padding &= text.charAt(i) == '=';
                }
                if (next && (!ended || padding) && n <= width && eq < 0) {  // padding wrapped onto a line of its own
                    append(text, start, end);
                    ended |= n < width || text.charAt(end - 1) == '=';
                    return;
                }
                int prevStart = count > 0 ? lastStart : -1;
                int prevEnd = lastEnd;
                boolean restartAtShort = next && ended && count >= 2 && eq < 0 && canBegin(text, prevStart, prevEnd);
                close(text, out);
                if (eq >= 0 || n < MIN_PIECE) {
                    return;
                }
                if (restartAtShort && n <= prevEnd - prevStart) {
                    begin(text, prevStart, prevEnd);
                    append(text, start, end);
                    ended = n < width || text.charAt(end - 1) == '=';
                    return;
                }
                begin(text, start, end);
            }

            /** Whether the last, shorter piece of an ended chain may begin the next one ("hello Tm90 ZXMg"). */
            private boolean canBegin(CharSequence text, int start, int end) {
                return end - start >= MIN_PIECE && text.charAt(end - 1) != '='
                        && RunProbe.couldBeText(text.subSequence(start, end), MAX_CONTROLS);
            }

            private void begin(CharSequence text, int start, int end) {
                count = 0;
                width = end - start;
                ended = text.charAt(end - 1) == '=';
                for (int s = 0; s <= DROP; s++) {
                    failAt[s] = Integer.MAX_VALUE;
                    probes[s].setLength(0);
                }
                append(text, start, end);
            }

            private void append(CharSequence text, int start, int end) {
                if (count <= DROP) {
                    starts[count] = start;
                }
                System.arraycopy(ends, 0, ends, 1, DROP);
                ends[0] = end;
                for (int s = 0; s <= Math.min(count, DROP); s++) {
                    StringBuilder p = probes[s];
                    if (failAt[s] == Integer.MAX_VALUE && p.length() < RunProbe.MAX_PROBED) {
                        p.append(text, start, Math.min(end, start + RunProbe.MAX_PROBED - p.length()));
                        if (!RunProbe.couldBeText(p, MAX_CONTROLS)) {
                            failAt[s] = count;
                        }
                    }
                }
                shortLast = count > 0 && (end - start < width || text.charAt(start) == '=');
                count++;
                lastStart = start;
                lastEnd = end;
            }

            /** Where a stream must hold the open chain from, or -1. */
            int holdFrom(CharSequence text) {
                if (count == 0) {
                    return -1;
                }
                int k = count - 1;
                for (int s = 0; s <= Math.min(k, DROP); s++) {
                    if (failAt[s] == Integer.MAX_VALUE && !ended) {
                        return starts[s];  // more pieces may come
                    }
                    for (int e = Math.max(k - DROP, s + 1); e <= Math.min(k, failAt[s] - 1); e++) {
                        if (spans(s, e, k)) {
                            return starts[s];
                        }
                    }
                }
                return ended && count >= 2 && canBegin(text, lastStart, lastEnd) ? lastStart : -1;
            }

            /** Whether pieces s to e of a chain ending at piece k hold two full pieces and {@code minRun} chars. */
            private boolean spans(int s, int e, int k) {
                boolean lastShort = e == k && shortLast;
                int chars = (e - s + 1) * width - (lastShort ? width - (lastEnd - lastStart) : 0);
                return e - s >= (lastShort ? 2 : 1) && chars >= minRun;
            }

            /** The chain can grow no more: decodes its best span. */
            void close(CharSequence text, List<Finding> out) {
                int k = count - 1;
                int c = count;
                count = 0;
                if (c < 2) {
                    return;
                }
                for (int drop = 0; drop <= 2 * DROP; drop++) {
                    for (int s = 0; s <= Math.min(drop, DROP); s++) {
                        int e = k - (drop - s);
                        if (drop - s > DROP || !spans(s, e, k) || e >= failAt[s]) {
                            continue;
                        }
                        StringBuilder joined = new StringBuilder();
                        int from = starts[s];
                        int to = ends[k - e];
                        for (int i = from; i < to; i++) {
                            char ch = text.charAt(i);
                            if (!isSeparator(ch)) {
                                joined.append(ch);
                            }
                        }
                        if (joined.length() < minRun) {
                            continue;
                        }
                        boolean decoded = false;
                        for (String d : decodings(joined)) {
                            if (d != null && !d.isEmpty()) {
                                decoded = true;
                                for (Finding f : scanDecoded(d, depth)) {
                                    add(out, new Finding(f.erasureId(), f.detector(), f.rule(), channel, from, to,
                                            f.score(), f.action()));
                                }
                            }
                        }
                        if (decoded) {
                            return;
                        }
                    }
                }
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

        /**
         * Findings in a decoded text (offsets irrelevant: the caller spans the run), and in what it decodes to in
         * turn, {@code levels} layers in all: ROT13 of it and the runs in it (and in its ROT13) decoded
         * ({@link #decodings}), so any two or three of the codecs nest. The work is bound: the texts scanned for
         * one run, at every level, total at most {@value #WORK_FACTOR} times its decoded length plus
         * {@value #WORK_SLACK} chars; what lies past that is left unscanned, the same whole and streamed.
         */
        private List<Finding> scanDecoded(String decoded, int levels) {
            work = WORK_FACTOR * decoded.length() + WORK_SLACK;
            List<Finding> found = new ArrayList<>();
            scanLayers(decoded, levels, found);
            return found;
        }

        /** Chars the current run's decodings may still scan ({@link #scanDecoded}). */
        private int work;

        private void scanLayers(String decoded, int levels, List<Finding> found) {
            if (work < decoded.length()) {
                return;
            }
            work -= decoded.length();
            ScanWindow w = new ScanWindow.Whole(channel, decoded);
            for (GuardStage s : inner) {
                found.addAll(s.open(context, channel).scan(w).findings());
            }
            if (levels <= 1) {
                return;
            }
            nestedRuns(decoded, levels, found);
            if (rotatesAnything(decoded, 0, decoded.length())) {
                StringBuilder rotated = new StringBuilder(decoded.length());
                for (int i = 0; i < decoded.length(); i++) {
                    rotated.append(Codecs.rot13(decoded.charAt(i)));
                }
                scanLayers(rotated.toString(), levels - 1, found);
            }
        }

        private void nestedRuns(String decoded, int levels, List<Finding> found) {
            int rs = -1;
            for (int i = 0; i <= decoded.length(); i++) {
                boolean c = i < decoded.length() && isRunChar(decoded.charAt(i));
                if (c && rs < 0) {
                    rs = i;
                } else if (!c && rs >= 0) {
                    if (i - rs >= minRun) {
                        for (String d : decodings(decoded.subSequence(rs, i))) {
                            if (d != null) {
                                scanLayers(d, levels - 1, found);
                            }
                        }
                    }
                    rs = -1;
                }
            }
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
