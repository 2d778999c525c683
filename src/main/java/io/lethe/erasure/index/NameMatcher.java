package io.lethe.erasure.index;

import io.lethe.erasure.index.CompiledErasures.Fuzzy;
import io.lethe.erasure.index.CompiledErasures.Hit;
import io.lethe.erasure.index.CompiledErasures.Kind;
import io.lethe.text.CharAlternatives;
import io.lethe.text.WordBreaks;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * The matcher of names and aliases (and of identifiers written as several words): token sequences in a trie
 * whose edges are (state, 64-bit folded token hash) in one open-addressing table, with typos found through
 * deletion neighbourhoods of the registered tokens (symmetric delete, as SymSpell) and the other readings of a
 * leetspeak token ({@link CharAlternatives}) tried as further edges. Scanning starts a walk at every token and
 * advances the live ones, so each output token costs a few hash probes whatever the number of erasures.
 * Immutable once built; each scan uses its own {@link Cursor}.
 */
final class NameMatcher {

    static final int MAX_SEQUENCE = 16;
    /**
     * Titles abbreviated with a dot, after which a dot may stand between two tokens of a registered name or
     * alias ("Dr. Vex", "Prof. Lindqvist", "Hr. Ashdale"): English, German, French, Italian and Spanish forms.
     * Only a sequence registered with the title has the title as a token, so this widens nothing else.
     */
    static final List<String> TITLES = List.of("dr", "mr", "mrs", "ms", "mx", "prof", "rev", "st", "sr", "jr", "sra",
            "srta", "gen", "col", "capt", "cpt", "lt", "sgt", "hon", "fr", "hr", "mme", "mlle", "mgr", "dott", "ing",
            "pr", "bros");
    private static final long[] TITLE_KEYS = TITLES.stream().mapToLong(t -> {
        long key = 0;
        for (int i = 0; i < t.length(); i++) {
            key = (key << 5) | (t.charAt(i) - 'a' + 1);
        }
        return key;
    }).sorted().toArray();
    /**
     * Field labels a record writes between a given name and a surname, folded: {@code {"first_name": "Corwin",
     * "last_name": "Ashdale"}}, "first_name: Corwin" lines, {@code <first>Corwin</first><last>Ashdale</last>},
     * "?first=Corwin&last=Ashdale", "- Last name: Ashdale", in the languages of the registered people's locales.
     */
    static final List<String> FIELD_LABELS = List.of("first", "last", "given", "family", "middle", "sur", "surname",
            "surnames", "name", "names", "forename", "firstname", "lastname", "givenname", "familyname", "first_name",
            "last_name", "given_name", "family_name", "fname", "lname", "nom", "prenom", "nombre", "apellido",
            "apellidos", "vorname", "nachname", "cognome", "voornaam", "achternaam", "fornavn", "efternavn",
            "etternavn", "fornamn", "efternamn", "imie", "nazwisko", "td", "th", "li", "dd", "dt", "value", "cell",
            // fields a person record sets between the two, passed over when empty ("middle": "J", "email": null)
            "email", "nickname", "title", "suffix", "prefix", "initial", "initials", "alias");
    /** Values of a field that say it is empty, passed over between a record's names as its label is. */
    static final List<String> FILLERS = List.of("null", "none", "nil", "true", "false");
    private static final long[] LABEL_KEYS = FIELD_LABELS.stream()
            .mapToLong(l -> Fold.tokenHash(l, 0, l.length())).sorted().toArray();
    /** Most labels passed over between two words of one name ("Last", "name" in "- Last name: Ashdale"). */
    static final int MAX_LABELS = 2;
    /** Chars a field gap may hold: spaces, quotes and the punctuation of JSON, YAML, XML, CSV and query strings. */
    private static final String FIELD_CHARS = " \u00A0\t\n\r\"'`\u2018\u2019\u201C\u201D,;:=&<>/|()-*#_";
    /** Chars that make a gap a record's, not prose's: one must be in the gap before a label. */
    private static final String STRUCTURAL = "\"'`\u2018\u2019\u201C\u201D,;=&<>|\n";
    /** Chars that end a key and begin its value: one must be in the gap after the last label. */
    private static final String KEY_VALUE = ":=>\"'\u201C\u201D\u2018\u2019|";
    private static final int FIELD_GAP = 1;
    private static final int FIELD_STRUCTURAL = 2;
    private static final int FIELD_KEY_VALUE = 4;
    /** Most chars of a field gap (between a value and a label, or a label and a value). */
    static final int MAX_FIELD_GAP = 8;

    /** Longest token whose other readings are tried (see {@code Cursor.alternatives}). */
    private static final int MAX_TOKEN = 40;
    /** Ambiguous chars of one token combined in every way (2^4 - 1 other readings). */
    private static final int MAX_AMBIGUOUS = 4;
    /** Other readings of one token at most: leetspeak combinations (with and without a final "!") and Hangul stems. */
    private static final int MAX_ALTERNATIVES = 2 * (1 << MAX_AMBIGUOUS) + Hangul.MAX_STEMS;
    static final int WHOLE = -1;
    static final int TWO_DELETIONS = -2;

    private final LongIntMap edges;
    private final int[] stateOutput;
    private final BitSet hasChildren;
    private final Postings postings;
    /** Deletion neighbourhoods of registered tokens: hash of a token with 1 (or 2) letters deleted → tokens. */
    private final LongIntMap fuzzyHeads;
    /** Hashes of every token of every sequence (the lazy typo check needs "is this a name word"). */
    private final LongIntMap knownTokens;
    private final long[] fuzzyToken;
    /**
     * Per deletion-neighbourhood entry, which letter of the registered token it dropped: {@code position << 16
     * | char}; {@link #WHOLE} for the token itself, {@link #TWO_DELETIONS} for a 2-deletion. A typo of one
     * letter is told from two this way (see {@code fuzzyCandidates}).
     */
    private final int[] fuzzyWhere;
    private final int[] fuzzyNext;
    private final Fuzzy fuzzy;
    /**
     * Hashes of the common given names and nicknames ({@link Nicknames#names}): such a word is that name, not a
     * typo of another ("Louis Michel" is not Louise Michel misspelt).
     */
    private final LongIntMap givenNames;
    /** What a word still being written may become: a stream holds it only while it could begin a token. */
    private final TokenPrefixes prefixes;
    /** Typos the prefix filter allows for (0 to 2: see {@link TokenPrefixes#couldBegin}). */
    private final int prefixEdits;
    /**
     * What the word after a first word may become, per trie state after a first word that can be read with a
     * typo ({@link TokenPrefixes#followers}): a word that may be a first name misspelt is held only while the
     * word after it could still be one that follows that name.
     */
    private final TokenPrefixes followers;
    /**
     * What the word after a walk's words may become, per trie state, with the typos each word takes when
     * {@link #walkTypos} ({@link TokenPrefixes#followers}): a walk holds its words only while the open word
     * could still go on with it.
     */
    private final TokenPrefixes walkFollowers;
    private final boolean walkTypos;

    private NameMatcher(LongIntMap edges, int[] stateOutput, BitSet hasChildren, Postings postings,
                        LongIntMap fuzzyHeads, long[] fuzzyToken, int[] fuzzyWhere, int[] fuzzyNext, Fuzzy fuzzy,
                        LongIntMap knownTokens, LongIntMap givenNames, TokenPrefixes prefixes, int prefixEdits,
                        TokenPrefixes followers, TokenPrefixes walkFollowers, boolean walkTypos) {
        this.followers = followers;
        this.walkFollowers = walkFollowers;
        this.walkTypos = walkTypos;
        this.givenNames = givenNames;
        this.prefixes = prefixes;
        this.prefixEdits = prefixEdits;
        this.edges = edges;
        this.stateOutput = stateOutput;
        this.hasChildren = hasChildren;
        this.postings = postings;
        this.fuzzyHeads = fuzzyHeads;
        this.fuzzyToken = fuzzyToken;
        this.fuzzyWhere = fuzzyWhere;
        this.fuzzyNext = fuzzyNext;
        this.fuzzy = fuzzy;
        this.knownTokens = knownTokens;
    }

    Fuzzy fuzzy() {
        return fuzzy;
    }

    int states() {
        return stateOutput.length;
    }

    long bytes() {
        return fuzzyHeads.bytes() + givenNames.bytes() + prefixes.bytes() + followers.bytes() + walkFollowers.bytes() + fuzzyToken.length * 16L + edges.bytes() + stateOutput.length * 4L
                + hasChildren.size() / 8;
    }

    private int edge(int state, long tokenHash) {
        return edges.get(edgeKey(state, tokenHash), -1);
    }

    private static long edgeKey(int state, long tokenHash) {
        return Fold.mix(tokenHash + 0x9E3779B97F4A7C15L * (state + 1L));
    }

    void writeTo(java.io.DataOutput out) throws java.io.IOException {
        edges.writeTo(out);
        Ints.write(out, stateOutput);
        long[] bits = hasChildren.toLongArray();
        out.writeInt(bits.length);
        for (long b : bits) {
            out.writeLong(b);
        }
        out.writeInt(fuzzy.minLength1());
        out.writeInt(fuzzy.minLength2());
        fuzzyHeads.writeTo(out);
        out.writeInt(fuzzyToken.length);
        for (int i = 0; i < fuzzyToken.length; i++) {
            out.writeLong(fuzzyToken[i]);
            out.writeInt(fuzzyWhere[i]);
            out.writeInt(fuzzyNext[i]);
        }
        knownTokens.writeTo(out);
        givenNames.writeTo(out);
        prefixes.writeTo(out);
        out.writeInt(prefixEdits);
        followers.writeTo(out);
        walkFollowers.writeTo(out);
        out.writeBoolean(walkTypos);
    }

    static NameMatcher readFrom(java.io.DataInput in, Postings postings) throws java.io.IOException {
        LongIntMap edges = LongIntMap.readFrom(in);
        int[] stateOutput = Ints.read(in);
        long[] bits = new long[in.readInt()];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = in.readLong();
        }
        Fuzzy fuzzy = new Fuzzy(in.readInt(), in.readInt());
        LongIntMap fuzzyHeads = LongIntMap.readFrom(in);
        int n = in.readInt();
        if (n < 0) {
            throw new java.io.IOException("corrupt fuzzy table length " + n);
        }
        long[] fuzzyToken = new long[n];
        int[] fuzzyWhere = new int[n];
        int[] fuzzyNext = new int[n];
        for (int i = 0; i < n; i++) {
            fuzzyToken[i] = in.readLong();
            fuzzyWhere[i] = in.readInt();
            fuzzyNext[i] = in.readInt();
        }
        LongIntMap knownTokens = LongIntMap.readFrom(in);
        LongIntMap givenNames = LongIntMap.readFrom(in);
        TokenPrefixes prefixes = TokenPrefixes.readFrom(in);
        int prefixEdits = in.readInt();
        if (prefixEdits < 0 || prefixEdits > 2) {
            throw new java.io.IOException("corrupt prefix filter edits " + prefixEdits);
        }
        TokenPrefixes followers = TokenPrefixes.readFrom(in);
        TokenPrefixes walkFollowers = TokenPrefixes.readFrom(in);
        boolean walkTypos = in.readBoolean();
        return new NameMatcher(edges, stateOutput, BitSet.valueOf(bits), postings, fuzzyHeads, fuzzyToken,
                fuzzyWhere, fuzzyNext, fuzzy, knownTokens, givenNames, prefixes, prefixEdits, followers,
                walkFollowers, walkTypos);
    }

    Cursor cursor() {
        return new Cursor(false);
    }

    /**
     * @param middleNames whether a capitalized word between spaces may be passed over as a middle name: in the
     *                    raw text only, where a tab or line break still parts a table's cells (a view collapses
     *                    them to spaces)
     */
    Cursor cursor(boolean middleNames) {
        return new Cursor(middleNames);
    }

    /**
     * Walk state over one growing text, fed the text's tokens in order by {@link CompiledErasures.Cursor}
     * (which cuts them at UAX #29 word boundaries). Not thread-safe.
     */
    final class Cursor {
        /** Whether middle names are passed over ({@link #cursor(boolean)}). */
        private final boolean middleNames;
        /** Tokens of an aside in brackets or quotes passed over since a name's first words ({@link #opensAside}); 0 outside one. */
        private int asideTokens;
        /** Middle initials or names passed over in a row just before the current token. */
        private int middleRun;
        private int prevTokEnd = -1;

        Cursor(boolean middleNames) {
            this.middleNames = middleNames;
        }

        /** Whether the previous token stood in quotes or brackets of its own (a nickname, see enclosed). */
        private boolean prevEnclosed;
        private int prevTokLen;
        /** Field labels passed over since the last word of a name ({@link #FIELD_LABELS}). */
        private int labels;
        /** Empty field values passed over since the last word of a name ({@link #FILLERS}; at most one). */
        private int fillers;
        private final int[] walkState = new int[MAX_SEQUENCE * 2];
        private final int[] walkStart = new int[MAX_SEQUENCE * 2];
        /** Per walk, whether the open token at {@link #walksCheckedAt} can no longer go on with it. */
        private final boolean[] walkRuledOut = new boolean[MAX_SEQUENCE * 2];
        private int walksCheckedAt = -1;
        /** Whether the walk took a fuzzy edge (at most one; a fuzzy walk needs an exact token too). */
        private final boolean[] walkFuzzy = new boolean[MAX_SEQUENCE * 2];
        // the walks kept by a token with several readings, which may branch
        private final int[] nextState = new int[MAX_SEQUENCE * 2];
        private final int[] nextStart = new int[MAX_SEQUENCE * 2];
        private final boolean[] nextFuzzy = new boolean[MAX_SEQUENCE * 2];
        private int walks;
        private final long[] candidates = new long[64];
        private final char[] folded = new char[41];
        private final long[] prefix = new long[42];
        // the previous token, for a typo in a name's first word (tried once the next word is known)
        private int prevStart = -1;
        /** The open token found to begin no registered token (its start), so longer readings of it are not asked. */
        private int ruledOut = -1;
        /** The last word {@link #typoCouldStartMemo} answered for, and its answer. */
        private int typoChecked = -1;
        private boolean typoCould;
        /** The trie states after the first words the last word may be a typo of ({@link #typoCouldStart}). */
        private final int[] typoStates = new int[64];
        private int nTypoStates;
        private long prevHash;
        /** The folded hash of the token {@link #token} was last given (label or not), for the other readers of it. */
        private long lastHash;

        /** {@link Fold#tokenHash} of the token last given to {@link #token}. */
        long lastHash() {
            return lastHash;
        }
        /** The leetspeak alternatives of the text being fed, when it has them (see {@link #alternatives}). */
        private CharAlternatives alternatives;
        /** Whether the word {@link #fuzzyCandidates} reads begins with a char that has leetspeak readings. */
        private boolean leetFirst;
        private final long[] altHash = new long[MAX_ALTERNATIVES];
        private final int[] altEnd = new int[MAX_ALTERNATIVES];
        private final char[] altChars = new char[MAX_TOKEN];
        private final int[] altPos = new int[MAX_AMBIGUOUS];

        /** The text about to be fed: its leetspeak alternatives when it has them. */
        void begin(CharSequence text) {
            alternatives = text instanceof CharAlternatives a ? a : null;
        }

        /** The text is complete: no walk goes on. */
        void end() {
            walks = 0;
            stashWalks = 0;
            asideTokens = 0;
            middleRun = 0;
            particleRun = 0;
        }

        /**
         * The smallest offset where a name not yet reported could still start: live walks, the last word (a typo
         * in a name's first word waits for the next one), the open token at {@code tokStart} (-1: none).
         */
        int hold(CharSequence text, int length, int tokStart) {
            if (walks > 0 && prevTokEnd >= 0 && tokStart < 0 && hardGap(text, prevTokEnd, length, prevTokLen, false, true)
                    && fieldGap(text, prevTokEnd, length) == 0) {
                walks = 0;
            }
            int hold = length;
            boolean tokenCould = tokStart >= 0 && couldBeginToken(text, tokStart, length);
            // a walk goes on only through the open token (a word registered after the walk's words, a typo of
            // one, a passed-over initial, nickname or field label): once that token can be none of them, the walk
            // ends with it
            if (tokStart < 0 || asideTokens > 0 || mayPassOver(text, tokStart, length)
                    || labelMayBegin(text, tokStart, length)) {
                for (int w = 0; w < walks; w++) {
                    hold = Math.min(hold, walkStart[w]);
                }
            } else if (tokenCould) {
                if (walksCheckedAt != tokStart) {
                    walksCheckedAt = tokStart;
                    Arrays.fill(walkRuledOut, false);
                }
                boolean otherReadings = readsOtherwise(text, tokStart, length);
                for (int w = 0; w < walks; w++) {
                    // ruled out once, out for the rest of the token: a longer word is no likelier (the filter's
                    // false positives would otherwise take back what was released)
                    if (!walkRuledOut[w] && (otherReadings || (!walkFuzzy[w] && !walkTypos)
                            || walkFollowers.couldBegin(text, tokStart, length, walkFuzzy[w] ? 0 : prefixEdits,
                            walkState[w]))) {
                        hold = Math.min(hold, walkStart[w]);
                    } else {
                        walkRuledOut[w] = true;
                    }
                }
            }
            // the last word could still begin a name with a typo, once the next word arrives
            if (prevStart >= 0 && fuzzy.minLength1() > 0
                    && !hardGap(text, prevTokEnd, tokStart >= 0 ? tokStart : length, prevTokLen, tokStart >= 0)
                    && typoCouldStartMemo(text) && (tokStart < 0 || typoFollowerCouldBegin(text, tokStart, length))) {
                hold = Math.min(hold, prevStart);
            }
            if (tokenCould) {
                hold = Math.min(hold, tokStart);
            }
            return Math.min(hold, stashHold(text, length));
        }

        /**
         * Whether the token open at {@code text[start, end)} may yet be passed over by a walk without being a
         * registered word: a middle initial (one capital letter, a dot may follow), a middle name (a capitalized
         * word after a space), a nickname in quotes or brackets (see {@link #token}) or a nobiliary particle
         * ({@link #PARTICLES}).
         */
        private boolean mayPassOver(CharSequence text, int start, int end) {
            return (end - start == 1 && Character.isUpperCase(text.charAt(start)))
                    || titleMayBegin(text, start, end) || particleMayBegin(text, start, end)
                    || (middleNames && start >= 2 && NameVariants.ASIDE_OPEN.indexOf(text.charAt(start - 1)) >= 0
                    && text.charAt(start - 2) == ' ')
                    || (middleNames && Character.isUpperCase(text.charAt(start)) && end - start <= MAX_MIDDLE_NAME
                    && start > 0 && (text.charAt(start - 1) == ' ' || (text.charAt(start - 1) == '-' && middleRun > 0))
                    && lettersOnly(text, start, end))
                    || (middleNames && start >= 3 && frenchGuillemet(text, start - 3, start, '\u00AB'))
                    || (start > 0 && (NameVariants.QUOTE_OPEN.indexOf(text.charAt(start - 1)) >= 0
                    || NameVariants.ASIDE_OPEN.indexOf(text.charAt(start - 1)) >= 0));
        }

        /**
         * Whether the word still open at {@code text[start, end)} could begin a registered token (a typo, an
         * initial, another reading included): only then is it held. A word with leetspeak alternatives or Hangul
         * (a name with its particle) is held whole.
         */
        private boolean couldBeginToken(CharSequence text, int start, int end) {
            if (start == ruledOut) {
                return false;  // no longer word begins a token if this one's first chars cannot
            }
            if (readsOtherwise(text, start, end)) {
                return true;
            }
            if (prefixes.couldBegin(text, start, end, prefixEdits)) {
                return true;
            }
            ruledOut = start;
            return false;
        }

        /** Whether the word {@code text[start, end)} has other readings: leetspeak alternatives, Hangul (a particle). */
        private boolean readsOtherwise(CharSequence text, int start, int end) {
            for (int i = start; i < end; i++) {
                if ((alternatives != null && alternatives.alternative(i) != 0) || Hangul.isSyllable(text.charAt(i))) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Whether the word open at {@code text[start, end)} could still be one that follows a first word the last
         * word may be a typo of ({@link #typoStates}), exactly, as {@link #typoInFirstWord} reads it. A word with
         * leetspeak alternatives or Hangul is held as it is elsewhere.
         */
        private boolean typoFollowerCouldBegin(CharSequence text, int start, int end) {
            if (readsOtherwise(text, start, end)) {
                return true;
            }
            return followers.couldFollowAny(typoStates, nTypoStates, text, start, end);
        }

        /** {@link #typoCouldStart}, computed once per last word (a stream asks again after every chunk). */
        private boolean typoCouldStartMemo(CharSequence text) {
            if (typoChecked != prevStart) {
                typoChecked = prevStart;
                typoCould = typoCouldStart(text);
            }
            return typoCould;
        }

        /** A token {@code text[start, end)} (a UAX #29 word, see {@link WordBreaks}) ended: walks advance or start. */
        void token(CharSequence text, int start, int end, List<Hit> out) {
            long h = Fold.tokenHash(text, start, end);
            lastHash = h;
            // the walks a married name's aside may take up after this word ("Miranda Smith (née Quillsworth)"):
            // those before it, when it is one capitalized word after a space
            int pending = 0;
            if (walks > 0 && middleNames && asideTokens == 0 && prevTokEnd >= 0 && start - prevTokEnd == 1
                    && text.charAt(prevTokEnd) == ' ' && end - start >= 2 && Character.isUpperCase(text.charAt(start))
                    && lettersOnly(text, start, end)) {
                for (int w = 0; w < walks && pending < pendState.length; w++) {
                    if (!walkFuzzy[w] && walkStart[w] < start) {
                        pendState[pending] = walkState[w];
                        pendStart[pending] = walkStart[w];
                        pending++;
                    }
                }
            }
            boolean married = stashWalks > 0 && stashEnd == prevTokEnd && MARRIED.contains(Fold.fold(
                    text.subSequence(start, end).toString()));
            stashWalks = 0;
            boolean enc = enclosed(text, start, end);
            boolean fieldValue = false;
            boolean asideClosed = false;
            boolean passedMiddle = false;
            boolean passedTitle = false;
            boolean passedParticle = false;
            if (asideTokens > 0) {
                // inside "Miranda (née Holt) Quillsworth": words pass over until the bracket closes
                if (walks > 0 && closesAside(text, prevTokEnd, start)) {
                    asideClosed = true;
                } else if (walks > 0 && asideTokens < (quotedAside() ? MAX_QUOTED : MAX_ASIDE)
                        && asideGap(text, prevTokEnd, start) && (!quotedAside() || lettersOnly(text, start, end))) {
                    if (asideLabelled && closedAfter(text, end)) {
                        // "Quillsworth (first name Miranda)": the labelled aside gives the name's next word
                        emitThroughBracket(text, h, start, end, out);
                    }
                    asideLabelled &= ASIDE_LABELS.contains(Fold.fold(text.subSequence(start, end).toString()));
                    asideTokens++;
                    passedOver(start, end);
                    return;
                } else {
                    walks = 0;
                }
                asideTokens = 0;
            } else if (middleNames && (walks > 0 || married) && prevTokEnd >= 0 && opensAside(text, prevTokEnd, start, end)) {
                int kept = 0;
                for (int w = 0; w < walks; w++) {
                    if (!walkFuzzy[w] && walkStart[w] < start) {
                        walkState[kept] = walkState[w];
                        walkStart[kept] = walkStart[w];
                        walkFuzzy[kept] = true;  // the aside is the walk's one departure
                        kept++;
                    }
                }
                if (married) {
                    // the given name's walks from before the married surname, taken up by "(née"
                    for (int m = 0; m < stashCount && kept < walkState.length; m++) {
                        walkState[kept] = stashState[m];
                        walkStart[kept] = stashStart[m];
                        walkFuzzy[kept] = true;
                        kept++;
                    }
                }
                walks = kept;
                if (walks > 0) {
                    asideTokens = 1;
                    asideOpen = text.charAt(prevTokEnd + 1);  // after " (" or " « "
                    asideLabelled = !quotedAside()
                            && ASIDE_LABELS.contains(Fold.fold(text.subSequence(start, end).toString()));
                    passedOver(start, end);
                    return;
                }
            }
            if (walks > 0 && prevTokEnd >= 0) {
                int gap = fieldGap(text, prevTokEnd, start);
                if (gap != 0 && labels > 0 && fillers == 0 && emptyString(text, prevTokEnd, start)) {
                    labels = 0;  // "middle_name": "", then the next field's label
                    fillers++;
                }
                if (gap != 0 && labels < MAX_LABELS && isLabel(start, end, h)
                        && (labels > 0 || (gap & FIELD_STRUCTURAL) != 0)) {
                    // a record's label between a given name and a surname ("Corwin", "last_name": "Ashdale"):
                    // passed over, the walks stay where they were
                    labels++;
                    prevTokEnd = end;
                    prevTokLen = end - start;
                    prevStart = -1;
                    prevEnclosed = false;
                    return;
                }
                if (labels > 0 && fillers == 0 && (gap & FIELD_KEY_VALUE) != 0 && filler(text, start, end)) {
                    // a field with an empty value between them: {"first": "Corwin", "middle": "J", "last": ...}
                    fillers++;
                    labels = 0;
                    prevTokEnd = end;
                    prevTokLen = end - start;
                    prevStart = -1;
                    prevEnclosed = false;
                    return;
                }
                if (labels > 0) {
                    // the value after the labels, once a key ends ("last_name": "); else the record ends here
                    fieldValue = (gap & FIELD_KEY_VALUE) != 0;
                    if (!fieldValue) {
                        walks = 0;
                    }
                }
            }
            labels = 0;
            fillers = 0;
            // quotes or brackets in the gap: only around a nickname passed over between two names
            boolean passOverOnly = false;
            if (!fieldValue && !asideClosed && prevTokEnd >= 0 && walks > 0
                    && hardGap(text, prevTokEnd, start, prevTokLen, true)) {
                if ((enc || prevEnclosed) && !hardGap(text, prevTokEnd, start, prevTokLen, true, true)) {
                    passOverOnly = enc;
                } else {
                    walks = 0;
                }
            }
            boolean word = end - start == 1 && isWord(text, start, end);
            int skip = word ? Kind.NAME.ordinal() : -1;
            // other readings of this token: leetspeak alternatives, a Korean name without its particle
            int nAlt = alternatives == null && !(end - start >= 3 && Hangul.isSyllable(text.charAt(end - 1))) ? 0
                    : alternatives(text, start, end);
            if (passOverOnly) {
                if (start > 0 && NameVariants.ASIDE_OPEN.indexOf(text.charAt(start - 1)) >= 0) {
                    // "Quillsworth (Miranda)": the name's next word in brackets of its own (red team 17 R17-2)
                    emitThroughBracket(text, h, start, end, out);
                }
                int kept = 0;
                for (int w = 0; w < walks; w++) {
                    if (!walkFuzzy[w] && walkStart[w] < start) {
                        walkState[kept] = walkState[w];
                        walkStart[kept] = walkStart[w];
                        walkFuzzy[kept] = true;
                        kept++;
                    }
                }
                walks = kept;
            } else if (nAlt > 0) {
                advanceWalksWithReadings(text, start, end, h, nAlt, skip, out);
            } else {
                // a middle initial, or a middle name (raw text only) that is a common given name or a registered
                // name word: "Madison Square Garden" is no Madison Garden; asked only while a walk is open
                // a title between a reversed name's surname and given name ("Thorvaldsen-Krüger, Dr. Ansgar"):
                // passed over without a departure, the title is no weakening
                boolean title = walks > 0 && titleInReversed(text, start, end);
                boolean middle = walks > 0 && (unregisteredInitial(text, start, end) || (middleNames && middleName(text, start, end)
                        && (bareInitials(text, start, end) || givenNames.get(h, -1) >= 0 || knownTokens.get(h, -1) >= 0
                        || NameVariants.patronymic(text, start, end)))
                        || (middleNames && hyphenatedMiddle(text, start, end) && givenNames.get(h, -1) >= 0));
                // a nobiliary particle the registered name lacks there ("Gerlinde von Müßigbrodt"), raw text only
                boolean particle = walks > 0 && middleNames && particleRun < MAX_PARTICLES
                        && particle(text, prevTokEnd, start, end);
                boolean abbreviationBefore = middle && prevTokEnd >= 0
                        && NameVariants.isGivenNameAbbreviation(text, prevTokEnd - prevTokLen, prevTokEnd);
                int nFuzzy = -1;  // candidates computed lazily: most tokens extend or start nothing
                int kept = 0;
                int w0 = walks;
                for (int w = 0; w < w0; w++) {
                    int next = edge(walkState[w], h);
                    boolean viaFuzzy = false;
                    if (next < 0 && !walkFuzzy[w]) {
                        if (nFuzzy < 0) {
                            nFuzzy = fuzzyCandidates(text, start, end, h);
                        }
                        for (int c = 0; c < nFuzzy && next < 0; c++) {
                            next = edge(walkState[w], candidates[c]);
                        }
                        viaFuzzy = next >= 0;
                    }
                    if (next >= 0) {
                        boolean fz = walkFuzzy[w] || viaFuzzy;
                        if (stateOutput[next] >= 0) {
                            emit(stateOutput[next], walkStart[w], end, out, skip, fz);
                        }
                        if (hasChildren.get(next)) {
                            walkState[kept] = next;
                            walkStart[kept] = walkStart[w];
                            walkFuzzy[kept] = fz;
                            kept++;
                        }
                    } else if (particle && walkStart[w] < start && (particleRun > 0 || !walkFuzzy[w])) {
                        // passed over as the walk's one departure ("von der" counts once); the surname must follow
                        walkState[kept] = walkState[w];
                        walkStart[kept] = walkStart[w];
                        walkFuzzy[kept] = true;
                        passedParticle = true;
                        kept++;
                    } else if (title && walkStart[w] < start) {
                        walkState[kept] = walkState[w];
                        walkStart[kept] = walkStart[w];
                        walkFuzzy[kept] = walkFuzzy[w];
                        passedTitle = true;
                        kept++;
                    } else if (!fieldValue && walkStart[w] < start
                            && ((!walkFuzzy[w] && enclosed(text, start, end))
                            || ((!walkFuzzy[w] || (middleRun > 0 && middleRun < MAX_MIDDLE)) && middle))) {
                        // "Rose M. Baker" or "Rose Mary Baker" for Rose Baker: a middle initial or name the
                        // registry does not hold (two at most: "Rose Mary Ann Baker", "J. K.") is passed over, as
                        // one departure (the walk's typo); the walk stays where it was
                        walkState[kept] = walkState[w];
                        walkStart[kept] = walkStart[w];
                        // but a middle initial after an English given name's abbreviation is how such names are
                        // written ("Wm. H. Thistlethorpe"; outside tester, helper-94): the abbreviation's departure
                        // is the one
                        walkFuzzy[kept] = walkFuzzy[w] || middleRun > 0 || !abbreviationBefore
                                || !unregisteredInitial(text, start, end);
                        passedMiddle = true;
                        kept++;
                    }
                }
                walks = kept;
            }
            // A typo in the first word: tried when this word is a registered one that can follow it, also after a
            // first word registered as it is ("Susanna Ríos" for Susana Ríos while a Susanna is registered: a
            // registered word is read with a swap or a doubled letter only, see fuzzyCandidates)
            if (prevStart >= 0 && prevTokEnd >= 0 && knownTokens.get(h, -1) >= 0
                    && !hardGap(text, prevTokEnd, start, prevTokLen, true)) {
                typoInFirstWord(text, end, h, skip, out);
            }
            int first = word ? -1 : edge(0, h);
            if (first >= 0) {
                if (stateOutput[first] >= 0) {
                    emit(stateOutput[first], start, end, out, -1, false);
                }
                if (hasChildren.get(first) && walks < walkState.length) {
                    walkState[walks] = first;
                    walkStart[walks] = start;
                    walkFuzzy[walks] = false;
                    walks++;
                }
            }
            // every reading starts its walks, also where the first one did ("M@173": "maite" and "malte")
            boolean started = nAlt > 0 && !word && startReadings(start, end, nAlt, out);
            started |= first >= 0;
            prevStart = word ? -1 : start;
            prevHash = h;
            prevTokEnd = end;
            prevTokLen = end - start;
            prevEnclosed = enc;
            middleRun = passedMiddle ? middleRun + 1 : 0;
            titleRun = passedTitle ? titleRun + 1 : 0;
            particleRun = passedParticle ? particleRun + 1 : 0;
            if (pending > 0) {
                System.arraycopy(pendState, 0, stashState, 0, pending);
                System.arraycopy(pendStart, 0, stashStart, 0, pending);
                stashWalks = pending;
                stashCount = pending;
                stashEnd = end;
            }
        }

        /** Words that open a married or birth name's aside after a name ("(née Quillsworth)"), folded. */
        private static final java.util.Set<String> MARRIED = java.util.Set.of("nee", "born");
        // walks before the last word, for a married name's aside after it ({@link #MARRIED})
        private final int[] pendState = new int[MAX_SEQUENCE];
        private final int[] pendStart = new int[MAX_SEQUENCE];
        private final int[] stashState = new int[MAX_SEQUENCE];
        private final int[] stashStart = new int[MAX_SEQUENCE];
        /** Walks in the stash while it may still be taken up (0 once the next token came), and the stash's size. */
        private int stashWalks;
        private int stashCount;
        /** The end of the word after which the stash was taken. */
        private int stashEnd = -1;

        /**
         * The earliest start of a stashed walk while the text after the word it was taken at could still open a
         * married name's aside (" (née", " (born"), else {@code length}.
         */
        private int stashHold(CharSequence text, int length) {
            if (stashWalks == 0 || stashEnd != prevTokEnd || asideTokens > 0) {
                return length;
            }
            String gap = text.subSequence(stashEnd, Math.min(length, stashEnd + 2)).toString();
            if (!" (".startsWith(gap) && !" [".startsWith(gap)) {
                return length;
            }
            if (length > stashEnd + 2) {
                int e = stashEnd + 2;
                while (e < length && Character.isLetter(text.charAt(e))) {
                    e++;
                }
                String word = Fold.fold(text.subSequence(stashEnd + 2, e).toString());
                boolean could = false;
                for (String m : MARRIED) {
                    could |= e < length ? m.equals(word) : m.startsWith(word);
                }
                if (!could) {
                    return length;
                }
            }
            int hold = length;
            for (int m = 0; m < stashWalks; m++) {
                hold = Math.min(hold, stashStart[m]);
            }
            return hold;
        }

        /**
         * Most words of a bracketed aside passed over between a name's words ("(née Holt)", "(born 1970)", "(who, by
         * the way, was born in Salem)"; red team 15 R7). The closing bracket ends it, so a longer bound holds text
         * only while a name's first words stand before an aside still open.
         */
        private static final int MAX_ASIDE = 8;

        /**
         * Whether the token at {@code [start, end)} opens an aside between a name's words: the gap before it is a
         * space and an opening bracket ({@link NameVariants#ASIDE_OPEN}; French " « " too) or quote
         * ({@link NameVariants#QUOTE_OPEN}), and nothing closes it right after the token (a one-word aside is a
         * nickname, {@link #enclosed}). Raw text only ({@link #middleNames}).
         */
        private static boolean opensAside(CharSequence text, int from, int start, int end) {
            if (frenchGuillemet(text, from, start, '\u00AB')) {
                return true;  // "Aurélien « le Grand » Castagnède": French spacing inside the marks
            }
            if (start - from != 2 || text.charAt(from) != ' ') {
                return false;
            }
            char open = text.charAt(from + 1);
            if (NameVariants.ASIDE_OPEN.indexOf(open) >= 0) {
                return end >= text.length() || NameVariants.ASIDE_CLOSE.indexOf(text.charAt(end)) < 0;
            }
            // a nickname of several words in quotes ('Thaddeus "the Tide" Brightwater', "Radomír „Rado“ Šťastný"),
            // which begins with a capital or an article: prose's quotations ('William "in the 2007 ...', "don 't")
            // are not held
            return NameVariants.QUOTE_OPEN.indexOf(open) >= 0
                    && (end >= text.length() || !NameVariants.closesQuote(open, text.charAt(end)))
                    && lettersOnly(text, start, end) && (Character.isUpperCase(text.charAt(start))
                    || ARTICLES.contains(text.subSequence(start, end).toString()));
        }

        /** Articles a nickname of several words in quotes may begin with ("the Tide", "der Alte", "la Rossa"). */
        private static final java.util.Set<String> ARTICLES = java.util.Set.of("the", "der", "die", "das", "le",
                "la", "les", "el", "il", "lo", "los", "las", "het", "ten", "ta");

        /**
         * Most words of an aside in quotes ({@link NameVariants#QUOTE_OPEN}) passed over between a name's words: a
         * nickname of a few words; quotes also stand around what someone said, so the bound is short.
         */
        private static final int MAX_QUOTED = 3;
        /**
         * Whether the gap {@code [from, to)} is the guillemet {@code mark} with a space on either side
         * ({@link #FRENCH_SPACES}): "« le Grand »".
         */
        private static boolean frenchGuillemet(CharSequence text, int from, int to, char mark) {
            return to - from == 3 && text.charAt(from + 1) == mark && FRENCH_SPACES.indexOf(text.charAt(from)) >= 0
                    && FRENCH_SPACES.indexOf(text.charAt(from + 2)) >= 0;
        }

        /** Spaces French sets inside its guillemets: plain, no-break and narrow no-break. */
        private static final String FRENCH_SPACES = " \u00A0\u202F";

        /** The char that opened the aside being passed over ({@link #opensAside}). */
        private char asideOpen;

        /** Whether the aside being passed over stands in quotes, not brackets. */
        private boolean quotedAside() {
            return NameVariants.ASIDE_OPEN.indexOf(asideOpen) < 0;
        }

        /**
         * Whether the gap {@code [from, to)} is the aside's closing bracket (or the quote that closes its opening
         * one) and a space: the aside closed, the next word follows.
         */
        private boolean closesAside(CharSequence text, int from, int to) {
            if (asideOpen == '\u00AB' && frenchGuillemet(text, from, to, '\u00BB')) {
                return true;
            }
            if (to - from != 2 || text.charAt(from + 1) != ' ') {
                return false;
            }
            return quotedAside() ? NameVariants.closesQuote(asideOpen, text.charAt(from))
                    : NameVariants.ASIDE_CLOSE.indexOf(text.charAt(from)) >= 0;
        }

        /**
         * Whether the gap {@code [from, to)} between two words of an aside keeps it open: spaces, or at most three
         * chars of spaces and the punctuation of dates, places and pronouns (", " "; " ". " "-" "–" "/"): "(b. 1961)",
         * "(1961–2020)", "(née Holt-Baker)", "(she/her)".
         */
        private static boolean asideGap(CharSequence text, int from, int to) {
            if (to <= from || to - from > 3) {
                return false;
            }
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (c != ' ' && c != ',' && c != ';' && c != '.' && c != '-' && c != '\u2013' && c != '/') {
                    return false;
                }
            }
            return true;
        }

        /**
         * Words that label a bracketed aside as giving a name's other word ("(first name Miranda)", "(née
         * Quillsworth)", "(given name ...)"; red team 17 R17-2), folded.
         */
        private static final java.util.Set<String> ASIDE_LABELS = java.util.Set.of("first", "given", "christian",
                "forename", "name", "nee", "born", "maiden", "birth", "surname", "last", "family");

        /** Whether the aside open since the name's first words held only {@link #ASIDE_LABELS} so far. */
        private boolean asideLabelled;

        /** Whether a closing bracket follows {@code end} (known whenever a token is cut). */
        private static boolean closedAfter(CharSequence text, int end) {
            return end < text.length() && NameVariants.ASIDE_CLOSE.indexOf(text.charAt(end)) >= 0;
        }

        /**
         * Emits the names that the word {@code [start, end)} of hash {@code h} completes from the open walks, each
         * through the closing bracket after the word ({@code end + 1}): the word stood in brackets ("Quillsworth
         * (Miranda)", a reversed form only) or closed a labelled aside ("Quillsworth (first name Miranda)", "Miranda
         * (née Quillsworth)"). Only walks without a departure of their own, taken as they were before the brackets.
         */
        private void emitThroughBracket(CharSequence text, long h, int start, int end, List<Hit> out) {
            if (!closedAfter(text, end)) {
                return;
            }
            for (int w = 0; w < walks; w++) {
                if (walkStart[w] >= start || (walkFuzzy[w] && asideTokens == 0)) {
                    continue;
                }
                int next = edge(walkState[w], h);
                if (next >= 0 && stateOutput[next] >= 0) {
                    int from = out.size();
                    emit(stateOutput[next], walkStart[w], end + 1, out, -1, false);
                    if (asideTokens == 0) {
                        // a word in brackets of its own is the given name after a surname, not the surname after a
                        // given name ("William (Gates)" is a nickname's place)
                        for (int i = out.size() - 1; i >= from; i--) {
                            if ((out.get(i).form() & NameVariants.REVERSED) == 0) {
                                out.remove(i);
                            }
                        }
                    }
                }
            }
        }

        /** A token passed over: the walks stay where they were. */
        private void passedOver(int start, int end) {
            prevTokEnd = end;
            prevTokLen = end - start;
            prevStart = -1;
            prevEnclosed = false;
        }

        private static boolean lettersOnly(CharSequence text, int start, int end) {
            for (int i = start; i < end; i++) {
                if (!Character.isLetter(text.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Whether {@code text[start, end)} stands in quotes or brackets of its own: a nickname between a given
         * name and a surname ('William "Bill" Hargreave', "Rose (Rosie) Baker", "Patrick 'Paddy' Brennan").
         */
        private static boolean enclosed(CharSequence text, int start, int end) {
            if (start == 0 || end >= text.length()) {
                return false;
            }
            char open = text.charAt(start - 1);
            char close = text.charAt(end);
            int bracket = NameVariants.ASIDE_OPEN.indexOf(open);
            return NameVariants.closesQuote(open, close)
                    || (bracket >= 0 && NameVariants.ASIDE_CLOSE.charAt(bracket) == close);
        }

        /**
         * Nobiliary particles passed over between two words of a name that has none there ("Gerlinde von
         * Müßigbrodt", "Thaddeus van Brightwater"), written lower-case. Not "y" (Spanish "and", a conjunction
         * between two people), nor "do", "ten", "e", English or Portuguese words in running text.
         */
        static final List<String> PARTICLES = List.of("von", "van", "vom", "zu", "zum", "zur", "de", "da", "di", "du",
                "del", "della", "dei", "des", "der", "den", "ter", "af", "av", "le", "la", "dos", "das");
        /** Most particles passed over in a row ("von der", "de la"). */
        private static final int MAX_PARTICLES = 2;
        /** Particles passed over in a row just before the current token. */
        private int particleRun;

        /**
         * Whether {@code text[start, end)} is one of {@link #PARTICLES}, lower-case, with one space before it
         * (right after the previous word, ending at {@code from}) and one after it.
         */
        private static boolean particle(CharSequence text, int from, int start, int end) {
            return end - start <= 5 && from >= 0 && start - from == 1 && text.charAt(from) == ' '
                    && end < text.length() && text.charAt(end) == ' '
                    && PARTICLES.contains(text.subSequence(start, end).toString());
        }

        /** Whether the word open at {@code text[start, end)} may yet be a particle {@link #particle} passes over. */
        private boolean particleMayBegin(CharSequence text, int start, int end) {
            if (!middleNames || walks == 0 || particleRun >= MAX_PARTICLES || end - start > 5 || prevTokEnd < 0
                    || start - prevTokEnd != 1 || text.charAt(prevTokEnd) != ' ') {
                return false;
            }
            String prefix = text.subSequence(start, end).toString();
            return startsAny(PARTICLES, prefix);
        }

        /** Titles passed over in a row just before the current token ({@link #titleInReversed}). */
        private int titleRun;
        /** Most titles passed over between a reversed name's surname and given name ("Prof. Dr."). */
        private static final int MAX_TITLES = 2;

        /**
         * Whether {@code text[start, end)} is an abbreviated title ({@link #TITLES}) after a comma and a space, or
         * after a title passed over so ("Thorvaldsen-Krüger, Dr. Ansgar", "RAGHUNATHAN, Dr Priyanka",
         * "Hansen, Prof. Dr. Ulrike"): the surname-first citation with the person's title before the given name.
         */
        private boolean titleInReversed(CharSequence text, int start, int end) {
            if (!(isTitle(text, start, end) || wordTitle(text, start, end)) || prevTokEnd < 0) {
                return false;
            }
            if (titleRun > 0) {
                return titleRun < MAX_TITLES && start - prevTokEnd <= 2 && text.charAt(start - 1) == ' ';
            }
            return start - prevTokEnd == 2 && text.charAt(prevTokEnd) == ',' && text.charAt(prevTokEnd + 1) == ' ';
        }

        /**
         * Whether the word open at {@code text[start, end)} may yet be a title {@link #titleInReversed} passes over:
         * after a comma and a space (or a title passed over), the beginning of one, so a stream holds the walk.
         */
        private boolean titleMayBegin(CharSequence text, int start, int end) {
            if (walks == 0 || end - start > MAX_WORD_TITLE || start < 2 || text.charAt(start - 1) != ' '
                    || (text.charAt(start - 2) != ',' && titleRun == 0)) {
                return false;
            }
            String prefix = text.subSequence(start, end).toString().toLowerCase(java.util.Locale.ROOT);
            return (end - start <= 4 && startsAny(TITLES, prefix))
                    || (Character.isUpperCase(text.charAt(start)) && startsAny(WORD_TITLES, prefix));
        }

        /**
         * Titles written out, capitalized, that a reversed name may hold before its given name as the abbreviated
         * ones ("Wolverstone, Sir Charles", "Oyelaran-Adeyemi, Chief Dr. Babatunde"; outside tester, helper-94).
         */
        private static final List<String> WORD_TITLES = List.of("sir", "dame", "lord", "lady", "chief", "doctor",
                "professor", "judge", "father", "pastor", "rabbi", "imam", "sheikh", "alhaji", "alhaja");
        /** Longest of {@link #WORD_TITLES}. */
        private static final int MAX_WORD_TITLE = 9;

        /** Whether {@code text[start, end)} is one of {@link #WORD_TITLES}, capitalized. */
        private static boolean wordTitle(CharSequence text, int start, int end) {
            return end - start >= 3 && end - start <= MAX_WORD_TITLE && Character.isUpperCase(text.charAt(start))
                    && WORD_TITLES.contains(text.subSequence(start, end).toString().toLowerCase(java.util.Locale.ROOT));
        }

        /** Most middle initials or names passed over between two words of a name. */
        private static final int MAX_MIDDLE = 2;
        /** Longest word read as a middle name ({@link #middleName}). */
        private static final int MAX_MIDDLE_NAME = 24;

        /**
         * Whether {@code text[start, end)} may be a middle name between a given name and a surname ("Miranda Jane
         * Quillsworth", red team 11): a word of letters only, capitalized or all capitals, one to
         * {@value #MAX_MIDDLE_NAME} chars, with one space before and after it. Read in the raw text only
         * ({@link NameMatcher#cursor(boolean)}).
         */
        private static boolean middleName(CharSequence text, int start, int end) {
            if (end - start < 1 || end - start > MAX_MIDDLE_NAME || start == 0 || end >= text.length()
                    || text.charAt(start - 1) != ' ' || text.charAt(end) != ' ' || !Character.isUpperCase(text.charAt(start))) {
                return false;
            }
            for (int i = start + 1; i < end; i++) {
                if (!Character.isLetter(text.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Whether {@code text[start, end)} may be one half of a hyphenated double middle name ("Miranda
         * Elizabeth-Anne Quillsworth"; red team 17 R17-4): a capitalized word of letters, a space before and a
         * hyphen after it, or a hyphen before it right after a passed-over middle name and a space after it. The
         * caller asks that each half be a common given name, so both must be. Raw text only.
         */
        private boolean hyphenatedMiddle(CharSequence text, int start, int end) {
            if (end - start < 2 || end - start > MAX_MIDDLE_NAME || start == 0 || end >= text.length()
                    || !Character.isUpperCase(text.charAt(start)) || !lettersOnly(text, start, end)) {
                return false;
            }
            char before = text.charAt(start - 1);
            char after = text.charAt(end);
            return (before == ' ' && after == '-')
                    || (before == '-' && after == ' ' && middleRun > 0 && prevTokEnd == start - 1);
        }

        /**
         * Whether {@code text[start, end)} is one or two capital letters: a middle initial written without a dot
         * ("Miranda J Quillsworth", "JJ"; red team 13), as CSV exports and forms write it. Read where
         * {@link #middleName} holds (raw text, a space on either side).
         */
        private static boolean bareInitials(CharSequence text, int start, int end) {
            if (end - start == 1 && (text.charAt(start) == 'A' || text.charAt(start) == 'I')) {
                return false;  // without a dot, "A" and "I" are words ("Mark A Price list"; red team 14)
            }
            for (int i = start; i < end; i++) {
                if (!Character.isUpperCase(text.charAt(i))) {
                    return false;
                }
            }
            return end - start <= 2;
        }

        /** Whether {@code text[start, end)} is one capital letter with a dot after it: a middle initial. */
        private static boolean unregisteredInitial(CharSequence text, int start, int end) {
            return end - start == 1 && Character.isUpperCase(text.charAt(start)) && end < text.length()
                    && text.charAt(end) == '.';
        }

        /**
         * A lone lower-case letter is a word ("a", "i"), not an initial: it may not begin or end a name, unless a
         * dot follows it ("g. l. lindqvist") and no apostrophe precedes it ("Sullivan's."). The char at
         * {@code end} is known whenever a token is cut before the text is complete, so this reads the same for
         * any chunking.
         */
        private static boolean isWord(CharSequence text, int start, int end) {
            return end - start == 1 && Character.isLowerCase(text.charAt(start))
                    && !(start > 0 && text.charAt(start - 1) == '-')  // a syllable: "Seon-u", "Jean-e"
                    && (!(end < text.length() && text.charAt(end) == '.')
                    || (start > 0 && (text.charAt(start - 1) == '\'' || text.charAt(start - 1) == '\u2019')));
        }

        /**
         * Advances the live walks over a token with other readings ({@link #altHash}): each reading may extend a
         * walk, so walks may branch; a typo is tried only when no reading matches.
         */
        private void advanceWalksWithReadings(CharSequence text, int start, int end, long h, int nAlt, int skip,
                                              List<Hit> out) {
            int nFuzzy = -1;
            int kept = 0;
            for (int w = 0; w < walks; w++) {
                int next = edge(walkState[w], h);
                boolean viaAlternative = false;
                for (int a = 0; a < nAlt; a++) {
                    int alt = edge(walkState[w], altHash[a]);
                    if (alt < 0) {
                        continue;
                    }
                    viaAlternative = true;
                    if (stateOutput[alt] >= 0) {
                        emit(stateOutput[alt], walkStart[w], altEnd[a], out, skip, walkFuzzy[w]);
                    }
                    if (altEnd[a] == end && hasChildren.get(alt) && kept < nextState.length) {
                        nextState[kept] = alt;
                        nextStart[kept] = walkStart[w];
                        nextFuzzy[kept] = walkFuzzy[w];
                        kept++;
                    }
                }
                boolean viaFuzzy = false;
                if (next < 0 && !viaAlternative && !walkFuzzy[w]) {
                    if (nFuzzy < 0) {
                        nFuzzy = fuzzyCandidates(text, start, end, h);
                    }
                    for (int c = 0; c < nFuzzy && next < 0; c++) {
                        next = edge(walkState[w], candidates[c]);
                    }
                    viaFuzzy = next >= 0;
                }
                if (next >= 0) {
                    if (stateOutput[next] >= 0) {
                        emit(stateOutput[next], walkStart[w], end, out, skip, walkFuzzy[w] || viaFuzzy);
                    }
                    if (hasChildren.get(next) && kept < nextState.length) {
                        nextState[kept] = next;
                        nextStart[kept] = walkStart[w];
                        nextFuzzy[kept] = walkFuzzy[w] || viaFuzzy;
                        kept++;
                    }
                }
            }
            System.arraycopy(nextState, 0, walkState, 0, kept);
            System.arraycopy(nextStart, 0, walkStart, 0, kept);
            System.arraycopy(nextFuzzy, 0, walkFuzzy, 0, kept);
            walks = kept;
        }

        /** The previous token, read with a typo, as a name's first word followed by this one. */
        private void typoInFirstWord(CharSequence text, int end, long h, int skip, List<Hit> out) {
            int nPrev = fuzzyCandidates(text, prevStart, prevTokEnd, prevHash);
            for (int c = 0; c < nPrev; c++) {
                int s1 = edge(0, candidates[c]);
                int s2 = s1 < 0 ? -1 : edge(s1, h);
                if (s2 >= 0) {
                    if (stateOutput[s2] >= 0) {
                        emit(stateOutput[s2], prevStart, end, out, skip, true);
                    }
                    if (hasChildren.get(s2) && walks < walkState.length) {
                        walkState[walks] = s2;
                        walkStart[walks] = prevStart;
                        walkFuzzy[walks] = true;
                        walks++;
                    }
                }
            }
        }

        /** Starts walks at this token in each of its other readings ({@link #altHash}); whether one started. */
        private boolean startReadings(int start, int end, int nAlt, List<Hit> out) {
            boolean started = false;
            for (int a = 0; a < nAlt; a++) {
                int first = edge(0, altHash[a]);
                if (first < 0) {
                    continue;
                }
                started = true;
                if (stateOutput[first] >= 0) {
                    emit(stateOutput[first], start, altEnd[a], out, -1, false);
                }
                if (altEnd[a] == end && hasChildren.get(first) && walks < walkState.length) {
                    walkState[walks] = first;
                    walkStart[walks] = start;
                    walkFuzzy[walks] = false;
                    walks++;
                }
            }
            return started;
        }

        /**
         * The other readings of the token {@code text[start, end)} into {@link #altHash} / {@link #altEnd}: every
         * combination of the leetspeak alternatives of its chars (the text's {@link CharAlternatives}; at most
         * {@value #MAX_AMBIGUOUS} ambiguous chars are combined, beyond that the all-alternative reading only),
         * and a Hangul word with a case particle or honorific glued to it read without it ("남궁건우의" →
         * "남궁건우", ending before the particle).
         *
         * @return how many readings were written
         */
        private int alternatives(CharSequence text, int start, int end) {
            int n = 0;
            int len = end - start;
            if (alternatives != null && len <= MAX_TOKEN) {
                int m = 0;
                boolean optionalLast = false;
                for (int i = start; i < end; i++) {
                    char a = alternatives.alternative(i);
                    if (a == CharAlternatives.ABSENT) {
                        optionalLast |= i == end - 1;
                    } else if (a != 0) {
                        if (m < MAX_AMBIGUOUS) {
                            altPos[m] = i;
                        }
                        m++;
                    }
                }
                if (m > 0 || optionalLast) {
                    for (int i = 0; i < len; i++) {
                        altChars[i] = text.charAt(start + i);
                    }
                    // the whole token, then (a final "!" read as punctuation) the token without its last char
                    for (int e = end; e >= end - (optionalLast ? 1 : 0); e--) {
                        if (m <= MAX_AMBIGUOUS) {
                            for (int mask = e == end ? 1 : 0; mask < (1 << m); mask++) {
                                for (int bit = 0; bit < m; bit++) {
                                    int i = altPos[bit];
                                    altChars[i - start] = (mask & (1 << bit)) != 0 ? alternatives.alternative(i)
                                            : text.charAt(i);
                                }
                                if (e - start > 0) {
                                    altHash[n] = Fold.tokenHash(altChars, e - start);
                                    altEnd[n++] = e;
                                }
                            }
                        } else {
                            for (int i = start; i < e; i++) {
                                char a = alternatives.alternative(i);
                                altChars[i - start] = a != 0 && a != CharAlternatives.ABSENT ? a : text.charAt(i);
                            }
                            altHash[n] = Fold.tokenHash(altChars, e - start);
                            altEnd[n++] = e;
                        }
                    }
                }
            }
            if (len >= 3 && Hangul.isSyllable(text.charAt(end - 1))) {
                n = Hangul.stems(text, start, end, altHash, altEnd, n);
            }
            return n;
        }

        /**
         * Registered tokens within the configured edit distance of this one (deletion neighbourhoods: the
         * token and its 1- or 2-letter deletions against those of registered tokens). Letters only; hashes
         * are computed from FNV prefix states, without building strings. Below {@code minLength2} letters
         * only one edit counts, as Damerau–Levenshtein distance 1 (an insertion, a deletion, a substitution
         * or two neighbours swapped): "della" is not a typo of "delao", though both drop a letter to "dela".
         */
        private int fuzzyCandidates(CharSequence text, int start, int end, long exactHash) {
            // a first letter read from a digit or symbol ("1\uFE0F\u20E3Marisol", a keycap glued on) may be the
            // one inserted: the first-letter rule is about letters written as letters
            leetFirst = alternatives != null && start < end && alternatives.alternative(start) != 0;
            int len = end - start;
            // words one letter shorter than minLength1 take one edit too ("Snja" for Sanja, "Fumk" for Funk,
            // "Umtu" for Umut): the untuned evaluation found no benign change from them at 100,000 people;
            // a capitalized word two letters shorter only as a registered word of one more letter less a letter
            // ("Cut" for Curt, "Sya" for Saya; see shortDeletion)
            boolean shortWord = len == fuzzy.minLength1() - 2;
            if (fuzzy.minLength1() <= 0 || len < fuzzy.minLength1() - 2 || fuzzyToken.length == 0 || len > 40
                    || (shortWord && !Character.isUpperCase(text.charAt(start)))) {
                return 0;
            }
            // a registered name word or a common given name is that name, not a typo of another ("Pellegrini",
            // "Pellegrino"; "Louis", "Louise"), unless two neighbouring letters of the other are swapped
            // ("Marvick" written "Mravick") or a letter is doubled or undoubled ("Susanna" for Susana, "Lissa" for
            // Lisa): another spelling of a name rarely differs only so
            boolean given = givenNames.get(exactHash, -1) >= 0;
            boolean swapOnly = given || knownTokens.get(exactHash, -1) >= 0;
            if (shortWord && (swapOnly || java.util.Arrays.binarySearch(COMMON_SHORT_WORDS, exactHash) >= 0)) {
                return 0;
            }
            // a doubled letter only for a common given name ("Philip", "Phillip"), not for a name only some
            // other person registered, which the untuned evaluation's namesakes showed to be another name
            boolean doubled = swapOnly && given;
            int n = 0;
            boolean ascii = true;
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                if (!Character.isLetter(c)) {
                    return 0;
                }
                ascii &= c < 128;
            }
            char[] f;
            int fl;
            if (ascii) {
                f = folded;
                fl = len;
                for (int i = 0; i < len; i++) {
                    char c = text.charAt(start + i);
                    f[i] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
                }
            } else {
                f = Fold.fold(text.subSequence(start, end).toString()).toCharArray();
                fl = f.length;
            }
            long[] pre = prefix;
            pre[0] = Fold.FNV_OFFSET;
            for (int i = 0; i < fl; i++) {
                pre[i + 1] = (pre[i] ^ f[i]) * Fold.FNV_PRIME;
            }
            boolean two = !swapOnly && fuzzy.minLength2() > 0 && len >= fuzzy.minLength2();
            if (shortWord) {
                return addCandidates(Fold.mix(pre[fl]), exactHash, 0, SHORT_TEXT, (char) 0, -1);
            }
            if (!swapOnly) {
                n = addCandidates(Fold.mix(pre[fl]), exactHash, n, two ? ANY : EXACT_TEXT, (char) 0, -1);
            } else if (doubled) {
                n = undoubled(f, fl, Fold.mix(pre[fl]), exactHash, n);
            }
            for (int i = 0; i < fl; i++) {
                if (doubled && ((i > 0 && f[i - 1] == f[i]) || (i + 1 < fl && f[i + 1] == f[i]))) {
                    // the word less one of a doubled letter: a registered token whole ("Susanna", Susana)
                    long h = pre[i];
                    for (int k = i + 1; k < fl; k++) {
                        h = (h ^ f[k]) * Fold.FNV_PRIME;
                    }
                    n = addCandidates(Fold.mix(h), exactHash, n, DOUBLED, (char) 0, i);
                }
                long h = pre[i];
                for (int k = i + 1; k < fl; k++) {
                    h = (h ^ f[k]) * Fold.FNV_PRIME;
                }
                n = addCandidates(Fold.mix(h), exactHash, n, two ? ANY : swapOnly ? SWAP | i : i, f[i], i);
                if (two) {
                    for (int j = i + 1; j < fl; j++) {
                        long h2 = pre[i];
                        for (int k = i + 1; k < fl; k++) {
                            if (k != j) {
                                h2 = (h2 ^ f[k]) * Fold.FNV_PRIME;
                            }
                        }
                        n = addCandidates(Fold.mix(h2), exactHash, n, ANY, (char) 0, i);
                    }
                }
            }
            return n;
        }

        /**
         * Adds the registered tokens of one deletion-neighbourhood entry. {@code dropped} is the position of
         * the text's letter this form dropped ({@code c}), {@link #EXACT_TEXT} for the text token itself, or
         * {@link #ANY} where two edits are allowed; {@code textDrop} the first text letter this form dropped,
         * {@code -1} for none.
         */
        private int addCandidates(long deletionHash, long exactHash, int n, int dropped, char c, int textDrop) {
            for (int p = fuzzyHeads.get(deletionHash, -1); p >= 0 && n < candidates.length; p = fuzzyNext[p]) {
                long t = fuzzyToken[p];
                if (t == exactHash || !(dropped >= SWAP ? swap(fuzzyWhere[p], dropped - SWAP, c)
                        : oneEdit(fuzzyWhere[p], dropped, c) && (firstLetterKept(fuzzyWhere[p], textDrop,
                        dropped == ANY) || (textDrop == 0 && leetFirst)))) {
                    continue;
                }
                n = addCandidate(t, n);
            }
            return n;
        }

        /**
         * Whether an edit between text and registered token, which meet in this entry with the text less its
         * letter at {@code textDrop} ({@code -1}: the text whole), leaves the word's first letter as it is: a
         * first letter inserted, dropped or replaced reads another word ("Merana" for Serana, "Anja" for Danja,
         * "Park" for Mark) far more often than a slip, which seldom hits a word's first letter; the first two
         * letters swapped still count. With {@code any} (two edits) the entry's letters are not compared, so the
         * text less its first letter counts for no swap there (the swap meets the token less its first letter
         * with the text less its second); 2-deletions never drop a token's first letter ({@code finish}).
         */
        static boolean firstLetterKept(int where, int textDrop, boolean any) {
            if (where == WHOLE || where == TWO_DELETIONS) {
                return textDrop != 0;
            }
            int pos = where >>> 16;
            if (textDrop <= 0) {
                // the token less its first letter is the text (a deletion), or both less theirs (a
                // substitution); the text less its first and the token less its second are two swapped
                return textDrop < 0 ? pos != 0 : pos == 1 && !any;
            }
            return pos != 0 || textDrop == 1;
        }

        /** Adds token {@code t} to the {@code n} candidates unless it is there already; the new count. */
        private int addCandidate(long t, int n) {
            for (int i = 0; i < n; i++) {
                if (candidates[i] == t) {
                    return n;
                }
            }
            candidates[n] = t;
            return n + 1;
        }

        /**
         * Registered tokens that are the word with one letter doubled ("Susana" for the registered Susanna): the
         * word is the token less a letter that equals a neighbour of where it stood.
         */
        private int undoubled(char[] f, int fl, long wordHash, long exactHash, int n) {
            for (int p = fuzzyHeads.get(wordHash, -1); p >= 0 && n < candidates.length; p = fuzzyNext[p]) {
                int where = fuzzyWhere[p];
                long t = fuzzyToken[p];
                if (t == exactHash || where == WHOLE || where == TWO_DELETIONS) {
                    continue;
                }
                int pos = where >>> 16;
                char c = (char) (where & 0xFFFF);
                if (!((pos > 0 && pos - 1 < fl && f[pos - 1] == c) || (pos < fl && f[pos] == c))) {
                    continue;
                }
                n = addCandidate(t, n);
            }
            return n;
        }

        /**
         * English closed-class words of three letters (articles, conjunctions, pronouns, auxiliaries,
         * numerals, a few prepositions), capitalized at a sentence's start ("The", "And", "Was"): never read as
         * a four-letter name less a letter. Sorted {@link Fold#foldedHash} values.
         */
        private static final long[] COMMON_SHORT_WORDS = java.util.Arrays.stream(("the and but for not nor yet"
                + " you are was her his she him its our who why how can had has may now all any one two six ten"
                + " too out off per via let did get got see say own few mrs").split(" "))
                .mapToLong(Fold::foldedHash).sorted().toArray();

        private static final int ANY = -2;
        private static final int EXACT_TEXT = -1;
        /** A word of {@code minLength1 - 2} letters: only tokens one letter longer that lose a letter to it. */
        private static final int SHORT_TEXT = -3;
        /** The word less a doubled letter: only a registered token whole. */
        private static final int DOUBLED = -4;
        /** Added to the dropped position where only two neighbouring letters swapped count (see {@link #swap}). */
        private static final int SWAP = 1 << 16;

        /** Whether text and registered token, which meet in this entry, are the same but for two neighbours swapped. */
        private static boolean swap(int where, int dropped, char c) {
            if (where == WHOLE || where == TWO_DELETIONS) {
                return false;
            }
            return Math.abs((where >>> 16) - dropped) == 1 && (char) (where & 0xFFFF) == c;
        }

        /**
         * Whether text and registered token, which meet in this entry, are one edit apart: the text itself is
         * the registered token less a letter (a deletion), the text less a letter is the registered token
         * (an insertion), both less the letter at one position (a substitution) or at neighbouring positions
         * where they dropped the same letter (a swap).
         */
        private static boolean oneEdit(int where, int dropped, char c) {
            if (dropped == ANY) {
                return true;
            }
            if (dropped == SHORT_TEXT) {
                return where != WHOLE && where != TWO_DELETIONS;
            }
            if (dropped == DOUBLED) {
                return where == WHOLE;
            }
            if (where == TWO_DELETIONS) {
                return false;
            }
            if (dropped == EXACT_TEXT || where == WHOLE) {
                return true;  // a deletion or an insertion (text and token equal are skipped by hash)
            }
            int pos = where >>> 16;
            return pos == dropped || (Math.abs(pos - dropped) == 1 && (char) (where & 0xFFFF) == c);
        }

        /** Whether the last word may be a typo of a name's first word; those names' states into {@link #typoStates}. */
        private boolean typoCouldStart(CharSequence text) {
            int n = fuzzyCandidates(text, prevStart, prevTokEnd, prevHash);
            nTypoStates = 0;
            for (int c = 0; c < n; c++) {
                int s1 = edge(0, candidates[c]);
                if (s1 >= 0 && hasChildren.get(s1)) {
                    typoStates[nTypoStates++] = s1;
                }
            }
            return nTypoStates > 0;
        }

        /**
         * Text between two tokens of one name: spaces, one comma, hyphens, apostrophes, a dot after an
         * initial or a title ("Dr. Vex", see {@link #TITLES}), a katakana middle dot ("ロルカン・ウィットフィールド"), or nothing where the two tokens are
         * words of their own that touch (ideographs: "王秀英"; see {@link WordBreaks#separatesWords}).
         */
        private boolean hardGap(CharSequence text, int from, int to, int prevLen, boolean closed) {
            return hardGap(text, from, to, prevLen, closed, false);
        }

        /** {@link #hardGap(CharSequence, int, int, int, boolean)}; with {@code quotes} quotes and brackets pass too. */
        private boolean hardGap(CharSequence text, int from, int to, int prevLen, boolean closed, boolean quotes) {
            return strictGap(text, from, to, prevLen, closed, quotes) && !symbolGap(text, from, to, closed);
        }

        /** Most code points of a gap of symbols between two words of one name ({@link #symbolGap}). */
        static final int MAX_SYMBOL_GAP = 12;

        /**
         * Whether {@code text[from, to)} is a run of symbols set between the words of one name, with or without
         * spaces: an emoji or other symbol ("Corwin 🔥 Ashdale", "★", "©"), dashes ("—", "--"), an ellipsis
         * ("…", "..."), "~", "#", ">", "\\", "=", or a colon with a space before it ("Corwin : Ashdale"; "Sarah:
         * Connor" is a speaker's label). A single dot is a sentence's end ("Corwin. Ashdale"), not such a gap. An
         * open gap ({@code closed} false) passes while it could still become one, so a stream judges as the whole.
         */
        private static boolean symbolGap(CharSequence text, int from, int to, boolean closed) {
            int len = to - from;
            if (len == 0 || len > 2 * MAX_SYMBOL_GAP || Character.codePointCount(text, from, to) > MAX_SYMBOL_GAP) {
                return false;
            }
            boolean symbol = false;
            int dots = 0;
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                int cp = c;
                if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                    cp = Character.toCodePoint(c, text.charAt(++i));
                } else if (Character.isHighSurrogate(c) && i + 1 == to) {
                    return !closed;  // the pair's second half has not arrived
                }
                if (c == ' ' || c == '\u00A0' || c == '\u3000' || c == '\t' || c == '\n') {
                    continue;
                }
                if (c == '.') {
                    dots++;
                    continue;
                }
                if (c == ':') {
                    if (i == from) {
                        return false;  // a speaker's label or a heading
                    }
                    symbol = true;
                    continue;
                }
                if (c == '<') {
                    // opens an address or a tag ("Corwin Ashdale <corwin.ashdale@...>"), as a bracket does: the
                    // surname and the address's first word are no name written surname first (helper-81)
                    return false;
                }
                int type = Character.getType(cp);
                boolean sym = type == Character.OTHER_SYMBOL || type == Character.MATH_SYMBOL
                        || type == Character.MODIFIER_SYMBOL || type == Character.DASH_PUNCTUATION
                        || "\u2026~#>\\=*|/\u2022\u00B7_+".indexOf(c) >= 0;
                if (!sym) {
                    return false;
                }
                symbol = true;
            }
            if (!closed) {
                return true;
            }
            return dots > 0 ? dots >= 2 : symbol;
        }

        /**
         * The kind of a gap {@code text[from, to)} between a name's word and a field label or value: 0 when it
         * is no field gap (more than {@link #MAX_FIELD_GAP} chars, or a char outside {@link #FIELD_CHARS}), else
         * {@code FIELD_GAP} with {@code FIELD_STRUCTURAL} and {@code FIELD_KEY_VALUE} set
         * for what it holds.
         */
        private static int fieldGap(CharSequence text, int from, int to) {
            int len = to - from;
            if (len <= 0 || len > MAX_FIELD_GAP) {
                return 0;
            }
            int kind = FIELD_GAP;
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (FIELD_CHARS.indexOf(c) < 0) {
                    return 0;
                }
                if (STRUCTURAL.indexOf(c) >= 0) {
                    kind |= FIELD_STRUCTURAL;
                }
                if (KEY_VALUE.indexOf(c) >= 0) {
                    kind |= FIELD_KEY_VALUE;
                }
            }
            return kind;
        }

        /** Whether the token {@code [start, end)} of folded hash {@code hash} is a field label ({@link #FIELD_LABELS}). */
        private static boolean isLabel(int start, int end, long hash) {
            return end - start <= 12 && Arrays.binarySearch(LABEL_KEYS, hash) >= 0;
        }

        /**
         * Whether the token open at {@code text[start, end)} could still become a field label that walks pass
         * over: a gap a record writes before it, and the token a prefix of a label.
         */
        private boolean labelMayBegin(CharSequence text, int start, int end) {
            if (walks == 0 || prevTokEnd < 0 || end - start > 12) {
                return false;
            }
            int gap = fieldGap(text, prevTokEnd, start);
            if (gap == 0 || (labels == 0 && (gap & FIELD_STRUCTURAL) == 0)) {
                return false;  // prose: a name's next word, not a record's label (the common case, kept cheap)
            }
            String prefix = io.lethe.text.Folding.fold(text.subSequence(start, end));
            int labelsNow = labels;
            int fillersNow = fillers;
            if (labelsNow > 0 && fillersNow == 0 && emptyString(text, prevTokEnd, start)) {
                labelsNow = 0;  // as token() reads it
                fillersNow = 1;
            }
            if (labelsNow > 0 && fillersNow == 0 && (gap & FIELD_KEY_VALUE) != 0
                    && (prefix.length() <= 1 || startsAny(FILLERS, prefix))) {
                return true;  // an empty value, passed over too
            }
            if (labelsNow >= MAX_LABELS || (labelsNow == 0 && (gap & FIELD_STRUCTURAL) == 0)) {
                return false;
            }
            return startsAny(FIELD_LABELS, prefix);
        }

        private static boolean startsAny(List<String> words, String prefix) {
            for (String w : words) {
                if (w.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether a gap holds an empty string value between a key and the next one ({@code ": "", "}). */
        private static boolean emptyString(CharSequence text, int from, int to) {
            int colon = -1;
            for (int i = from; i + 1 < to; i++) {
                char c = text.charAt(i);
                if (c == ':' || c == '=') {
                    colon = i;
                } else if (colon >= 0 && c == '"' && text.charAt(i + 1) == '"') {
                    return true;
                }
            }
            return false;
        }

        /** Whether {@code text[start, end)} is an empty field value: one letter (an initial) or {@link #FILLERS}. */
        private static boolean filler(CharSequence text, int start, int end) {
            if (end - start == 1) {
                return Character.isLetter(text.charAt(start));
            }
            return end - start <= 5 && FILLERS.contains(io.lethe.text.Folding.fold(text.subSequence(start, end)));
        }

        private boolean strictGap(CharSequence text, int from, int to, int prevLen, boolean closed, boolean quotes) {
            int len = to - from;
            if (len > 3) {
                return true;
            }
            if (len == 0) {
                return closed && !WordBreaks.separatesWords(text, from);
            }
            int commas = 0;
            boolean dot = false;
            boolean space = false;
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                dot |= c == '.';
                space |= c == ' ' || c == '\u00A0';
                switch (c) {
                    case ' ', '\u00A0', '\u3000', '\t', '\n', '-', '\u2010', '\u2011', '\'', '\u2019', '\u30FB' -> {
                    }
                    // the words of one name joined by a slash, a bullet, a middle dot, an underscore, a plus or a
                    // table rule ("Thaddeus/Quillfeather", "| Thaddeus | Quillfeather |")
                    case '/', '|', '\u2022', '\u00B7', '_', '+' -> {
                    }
                    case ':' -> {
                        // a colon alone, as in a key ("thaddeus:quillfeather"); with a space it ends a speaker's
                        // label or a heading ("Sarah: Connor, get down!")
                        if (len > 1) {
                            return true;
                        }
                    }
                    case ',' -> {
                        if (++commas > 1) {
                            return true;
                        }
                    }
                    case '.' -> {
                        // a dot alone between two words joins them as a user name does ("thaddeus.quillfeather")
                        if (prevLen != 1 && !isTitle(text, from - prevLen, from)
                                && !NameVariants.isGivenNameAbbreviation(text, from - prevLen, from) && len > 1) {
                            return true;
                        }
                    }
                    case '"', '\u201C', '\u201D', '\u2018', '(', ')', '[', ']', '{', '}', '\u00AB', '\u00BB', '\u2039',
                         '\u203A', '\u201E', '\u201A', '\u300C', '\u300D', '\u300E', '\u300F' -> {
                        if (!quotes) {
                            return true;  // only around a nickname in quotes or brackets: 'William "Bill" Gates'
                        }
                    }
                    default -> {
                        return true;
                    }
                }
            }
            // a lower-case initial is one only when a space follows its dot ("g. l. lindqvist", not "j.hauck@")
            // ... or between the letters of a Dutch particle written short ("v.d. Hoeven")
            // ... or the Dutch "v.d." glued to the surname ("v.d.Wijngaarden"; outside tester, helper-94)
            return closed && dot && !space && prevLen == 1 && from > 0 && Character.isLowerCase(text.charAt(from - 1))
                    && !(to < text.length() && Character.isLowerCase(text.charAt(to))
                    && (to + 1 == text.length() || text.charAt(to + 1) == '.'))
                    && !(len == 1 && from >= 3 && text.charAt(from - 1) == 'd' && text.charAt(from - 2) == '.'
                    && (text.charAt(from - 3) == 'v' || text.charAt(from - 3) == 'V') && to < text.length()
                    && Character.isUpperCase(text.charAt(to)));
        }

        /** Whether {@code text[start, end)} is an abbreviated title written with a dot ({@link #TITLES}). */
        private boolean isTitle(CharSequence text, int start, int end) {
            int len = end - start;
            if (start < 0 || len < 2 || len > 4) {
                return false;
            }
            long key = 0;
            for (int i = start; i < end; i++) {
                char c = (char) (text.charAt(i) | 0x20);
                if (c < 'a' || c > 'z') {
                    return false;
                }
                key = (key << 5) | (c - 'a' + 1);
            }
            return Arrays.binarySearch(TITLE_KEYS, key) >= 0;
        }

        /**
         * Adds a hit for every erasure of a postings chain, except those of {@code skipKind}; over a leetspeak
         * reading only when the span was written in leetspeak ({@link CharAlternatives#substituted}).
         */
        private void emit(int head, int start, int end, List<Hit> out, int skipKind, boolean typo) {
            if (alternatives != null && !alternatives.substituted(start, end)) {
                return;
            }
            postings.emit(head, start, end, out, skipKind, typo);
        }
    }

    /** Accumulates the trie and the typo tables with growable arrays. Not thread-safe. */
    static final class Builder {
        private final LongIntMap edges;
        private int[] stateOutput = new int[1024];
        private final BitSet hasChildren = new BitSet();
        private int states = 1;
        private final Postings.Builder postings;
        private final Fuzzy fuzzy;
        private final java.util.HashSet<String> fuzzyTokens = new java.util.HashSet<>();
        private final java.util.HashSet<String> trieTokens = new java.util.HashSet<>();
        private final LongIntMap knownTokens = new LongIntMap(1024);

        private final LongIntMap givenNames = new LongIntMap(1024);
        /** Trie state → the words registered after it (see {@link #walkFollowers}). */
        private final java.util.Map<Integer, java.util.Set<String>> followers = new java.util.HashMap<>();
        /** The folded hash of the first word that leads to each state after one word (see {@link #followers}). */
        private final java.util.Map<Integer, Long> firstWordOf = new java.util.HashMap<>();

        /** @param nicknames whose names are never read as typos of another name */
        Builder(int expected, Fuzzy fuzzy, Postings.Builder postings, Nicknames nicknames) {
            this.fuzzy = fuzzy;
            if (fuzzy.minLength1() > 0) {
                for (String n : nicknames.names()) {
                    givenNames.put(Fold.foldedHash(n), 1, -1);
                }
            }
            this.postings = postings;
            edges = new LongIntMap(Math.max(16, expected * 6));
            Arrays.fill(stateOutput, -1);
        }

        void addSequence(List<String> tokens, int ordinal, Kind kind) {
            addSequence(tokens, ordinal, kind, 0, true);
        }

        /**
         * Adds a token sequence as a name form ({@link NameVariants} flags); with {@code typos} its tokens may
         * also be matched with a typo. Forms derived from the written name (backwards, glued, romanized, as the
         * view reads it) take none: a typo on top of such a form is two weakening steps ("later said" is one
         * edit from "Greta Dias" written backwards).
         */
        void addSequence(List<String> tokens, int ordinal, Kind kind, int form, boolean typos) {
            if (tokens.isEmpty() || tokens.size() > MAX_SEQUENCE) {
                return;
            }
            int s = 0;
            if (typos && fuzzy.minLength1() > 0 && tokens.size() > 1) {
                for (String t : tokens) {
                    if (t.length() >= fuzzy.minLength1() - 1 && t.chars().allMatch(Character::isLetter)) {
                        fuzzyTokens.add(t);
                    }
                }
            }
            for (int i = 0; i < tokens.size(); i++) {
                String t = tokens.get(i);
                trieTokens.add(t);
                if (i >= 1) {
                    followers.computeIfAbsent(s, k -> new java.util.HashSet<>()).add(t);
                }
                if (i == 1) {
                    firstWordOf.putIfAbsent(s, Fold.foldedHash(tokens.get(0)));
                }
                long key = edgeKey(s, Fold.foldedHash(t));
                int next = edges.get(key, -1);
                if (next < 0) {
                    next = states++;
                    if (next == stateOutput.length) {
                        int old = stateOutput.length;
                        stateOutput = Arrays.copyOf(stateOutput, old * 2);
                        Arrays.fill(stateOutput, old, old * 2, -1);
                    }
                    edges.put(key, next, -1);
                    hasChildren.set(s);
                }
                s = next;
            }
            stateOutput[s] = postings.prepend(stateOutput[s], ordinal, kind, form);
        }

        /** A sequence and the forms it takes in the normalized view ({@link NameVariants#viewForms}). */
        void addForms(List<String> tokens, int ordinal, Kind kind) {
            addForms(tokens, ordinal, kind, 0, true);
        }

        /**
         * {@link #addForms(List, int, Kind)} for a name form ({@link NameVariants} flags); with {@code typos}
         * false for a derived form (no typos on it). The view forms keep the form's flags.
         */
        void addForms(List<String> tokens, int ordinal, Kind kind, int form, boolean typos) {
            addSequence(tokens, ordinal, kind, form, typos);
            for (List<String> viewForm : NameVariants.viewForms(tokens)) {
                addSequence(viewForm, ordinal, kind, form, false);
            }
        }

        /** The words of a name: any of them may be the exact word that follows a typo. */
        void addKnown(List<String> tokens) {
            if (fuzzy.minLength1() > 0) {
                for (String t : tokens) {
                    knownTokens.put(Fold.foldedHash(t), 1, -1);
                }
            }
        }


        NameMatcher finish(Postings finished) {
            edges.trim();
            // deletion neighbourhoods: token itself and its 1-deletions (2-deletions for long tokens), each
            // entry with the letter it dropped
            LongIntMap heads = new LongIntMap(Math.max(16, fuzzyTokens.size() * 10));
            entryTok = new long[Math.max(16, fuzzyTokens.size() * 10)];
            entryWhere = new int[entryTok.length];
            entryNext = new int[entryTok.length];
            entries = 0;
            for (String t : fuzzyTokens) {
                long th = Fold.foldedHash(t);
                // the whole token, then each 1-deletion (one entry per position: "della" drops an l at 2 or 3)
                addEntry(heads, th, th, WHOLE);
                java.util.Set<String> twos = new java.util.HashSet<>();
                boolean two = fuzzy.minLength2() > 0 && t.length() >= fuzzy.minLength2();
                for (int i = 0; i < t.length(); i++) {
                    String d1 = t.substring(0, i) + t.substring(i + 1);
                    addEntry(heads, Fold.foldedHash(d1), th, i << 16 | t.charAt(i));
                    // 2-deletions keep the first letter (fuzzyCandidates: a typo does not change it)
                    for (int j = 1; two && i > 0 && j < d1.length(); j++) {
                        twos.add(d1.substring(0, j) + d1.substring(j + 1));
                    }
                }
                for (String f : twos) {
                    addEntry(heads, Fold.foldedHash(f), th, TWO_DELETIONS);
                }
            }
            heads.trim();
            knownTokens.trim();
            givenNames.trim();
            // a word of minLength2 letters or more is read with two edits against every typo token its
            // 2-deletions can meet (fuzzyCandidates): a token up to two letters shorter too ("Axyshdale",
            // Ashdale), which has no 2-deletions of its own
            List<String> typo2 = fuzzyTokens.stream()
                    .filter(t -> fuzzy.minLength2() > 0 && t.length() >= fuzzy.minLength2() - 2).toList();
            int edits = !typo2.isEmpty() ? 2 : fuzzyTokens.isEmpty() ? 0 : 1;
            TokenPrefixes prefixes = TokenPrefixes.of(trieTokens, fuzzyTokens, typo2, fuzzy.minLength2());
            java.util.Set<Long> typo1Words = new java.util.HashSet<>();
            for (String t : fuzzyTokens) {
                typo1Words.add(Fold.foldedHash(t));
            }
            java.util.Set<Long> typo2Words = new java.util.HashSet<>();
            for (String t : typo2) {
                typo2Words.add(Fold.foldedHash(t));
            }
            // only a first word some typo can reach needs its followers for a misspelt first name, exactly
            java.util.Map<Integer, java.util.Set<String>> afterTypo = new java.util.HashMap<>(followers);
            afterTypo.keySet().removeIf(state -> !typo1Words.contains(firstWordOf.get(state)));
            TokenPrefixes follow = TokenPrefixes.followers(afterTypo, Set.of(), Set.of(), 0);
            // a walk's next word, with its typos while the filter can hold their keys well (a registry of
            // tens of thousands of people has too many: then only a walk that took its typo is ruled out)
            boolean walkTypos = TokenPrefixes.followerKeys(followers, typo1Words, typo2Words, fuzzy.minLength2())
                    <= TokenPrefixes.MAX_KEYS;
            TokenPrefixes walkFollow = TokenPrefixes.followers(followers, walkTypos ? typo1Words : Set.of(),
                    walkTypos ? typo2Words : Set.of(), fuzzy.minLength2());
            return new NameMatcher(edges, Arrays.copyOf(stateOutput, states), hasChildren, finished, heads,
                    Arrays.copyOf(entryTok, entries), Arrays.copyOf(entryWhere, entries),
                    Arrays.copyOf(entryNext, entries), fuzzy, knownTokens, givenNames, prefixes, edits, follow,
                    walkFollow, walkTypos);
        }

        // deletion-neighbourhood entries being built (see finish)
        private long[] entryTok;
        private int[] entryWhere;
        private int[] entryNext;
        private int entries;

        /** Appends one deletion-neighbourhood entry for {@code formHash}, growing the arrays. */
        private void addEntry(LongIntMap heads, long formHash, long tokenHash, int w) {
            if (entries == entryTok.length) {
                entryTok = Arrays.copyOf(entryTok, entries * 2);
                entryWhere = Arrays.copyOf(entryWhere, entries * 2);
                entryNext = Arrays.copyOf(entryNext, entries * 2);
            }
            entryTok[entries] = tokenHash;
            entryWhere[entries] = w;
            entryNext[entries] = heads.get(formHash, -1);
            heads.put(formHash, entries, -1);
            entries++;
        }
    }
}
