package io.lethe.erasure.index;

import io.lethe.text.WordBreaks;

import java.util.ArrayList;
import java.util.List;

/**
 * Immutable matchers compiled from a set of erasures, one per kind, as Lucene's monitor keeps one query
 * index per query type; each erasure gets an ordinal (its index in the build list) that hits report.
 *
 * <ul>
 *   <li>{@link NameMatcher}: names and aliases (and identifiers written as words) as token sequences in a
 *       trie, with typos and leetspeak readings;</li>
 *   <li>{@link EmailMatcher}, {@link PhoneMatcher}, {@link IdentifierMatcher}: keys normalized by
 *       {@link ErasureKeys} (the normalization validation uses too) in one {@link KeyTable}, probed with the
 *       e-mail runs, digit runs in any formatting and compact or spaced alphanumeric runs of the text.</li>
 * </ul>
 * All of them share one {@link Postings} store and one pass over the text ({@link Cursor}): each char is
 * classified once (UAX #29, {@link WordBreaks}) and tokens, word runs and digit runs are dispatched to the
 * matchers that read them. Hits are found the same way whatever the chunking: each construct is judged once
 * it is complete. Segments of a registry (base, delta) are separate instances; {@code ErasureStage} keeps
 * their live bits.
 */
public final class CompiledErasures {

    /**
     * What an erasure asks to match; values as the operator gave them. {@code phoneRegions.get(i)} is the
     * region phone {@code i} is read in (see {@link PhoneKeys#read}): an ISO 3166-1 alpha-2 code, "ZZ" for
     * "none known" (the number is then placed only when international), or null (or a shorter list) for the
     * build's default region.
     */
    public record Spec(List<String> names, List<String> aliases, List<String> emails, List<String> phones,
                       List<String> identifiers, List<String> phoneRegions, String country) {
        public Spec {
            names = names == null ? List.of() : names;
            aliases = aliases == null ? List.of() : aliases;
            emails = emails == null ? List.of() : emails;
            phones = phones == null ? List.of() : phones;
            identifiers = identifiers == null ? List.of() : identifiers;
            phoneRegions = phoneRegions == null ? List.of() : phoneRegions;
        }

        /** Counts only, never the values. */
        @Override
        public String toString() {
            return "Spec[names=" + names.size() + ", aliases=" + aliases.size() + ", emails=" + emails.size()
                    + ", phones=" + phones.size() + ", identifiers=" + identifiers.size() + "]";
        }

        /** Phones read in the build's default region. */
        public Spec(List<String> names, List<String> aliases, List<String> emails, List<String> phones,
                    List<String> identifiers) {
            this(names, aliases, emails, phones, identifiers, null, null);
        }

        /** Without the subject's country (its names' language is read off their letters alone). */
        public Spec(List<String> names, List<String> aliases, List<String> emails, List<String> phones,
                    List<String> identifiers, List<String> phoneRegions) {
            this(names, aliases, emails, phones, identifiers, phoneRegions, null);
        }

        /** {@link #namesCountry(String, List)} of this subject. */
        public String namesCountry() {
            return namesCountry(country, phones);
        }

        /**
         * The one country whose name rules (forms, grammatical cases, follow-up terms) apply to a subject: its own
         * ISO 3166-1 alpha-2 {@code country}, else the region of the first of its {@code phones} written with a
         * calling code ({@link PhoneKeys#callingRegion}); null when neither tells.
         */
        public static String namesCountry(String country, List<String> phones) {
            for (int i = 0; country == null && phones != null && i < phones.size(); i++) {
                country = PhoneKeys.callingRegion(phones.get(i));
            }
            return country;
        }

        /** The region phone {@code i} is read in, {@code fallback} when none is given. */
        String phoneRegion(int i, String fallback) {
            String r = i < phoneRegions.size() ? phoneRegions.get(i) : null;
            return r == null ? fallback : r.equals("ZZ") ? null : r;
        }
    }

    /** Which field of the erasure matched. */
    public enum Kind {
        NAME("name"), ALIAS("alias"), EMAIL("email"), PHONE("phone"), IDENTIFIER("identifier");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wireName() {
            return wire;
        }
    }

    /**
     * A match: erasure ordinal, field kind and raw span (UTF-16 offsets, end exclusive); for names, the form's
     * departures from the registered name ({@link NameVariants#INITIAL} etc.) and whether a word was matched
     * with a typo.
     */
    public record Hit(int ordinal, Kind kind, int start, int end, int form, boolean typo) {

        public Hit(int ordinal, Kind kind, int start, int end) {
            this(ordinal, kind, start, end, 0, false);
        }

        /** The same hit over another span (a view's hit mapped back to the raw text). */
        public Hit at(int start, int end) {
            return new Hit(ordinal, kind, start, end, form, typo);
        }
    }


    /** Edit distances allowed for typos: 1 from {@code minLength1} letters, 2 from {@code minLength2}; 0 = off. */
    public record Fuzzy(int minLength1, int minLength2) {
        public static final Fuzzy DEFAULT = new Fuzzy(5, 9);
        public static final Fuzzy OFF = new Fuzzy(0, 0);
    }

    /**
     * Fewest digits of the number inside a lettered identifier that is matched alone: with fewer, a number in
     * ordinary text would too often be one some registered id holds (100,000 ids of six digits cover a tenth
     * of all six-digit numbers; of eight, a thousandth).
     */
    static final int MIN_ID_CORE_DIGITS = 8;

    /** Given names and surnames as the fields of a record ({@link RecordFields}). */
    private final RecordFields records;
    private final NameMatcher names;
    private final KeyTable keys;
    private final Postings postings;
    private final EmailMatcher emails;
    private final PhoneMatcher phones;
    private final IdentifierMatcher identifiers;
    private final int count;
    /** Registered e-mail addresses (and written backwards), by prefix: an open word run is held only if it could begin one. */
    private final TokenPrefixes emailPrefixes;
    private final boolean anyEmail;
    private final boolean anyIdentifier;
    /** Canonical user-name keys ({@link UserNames}), by prefix: an open run is held only if a part could begin one. */
    private final TokenPrefixes userNamePrefixes;
    private final boolean anyUserName;

    /** Keyed hashes of the last digits of every phone key ({@link PhoneMatcher#addTails}). */
    private final LongIntMap phoneTails;

    private CompiledErasures(NameMatcher names, KeyTable keys, Postings postings, int count,
                             TokenPrefixes emailPrefixes, boolean anyEmail, boolean anyIdentifier, RecordFields records,
                             LongIntMap phoneTails, TokenPrefixes userNamePrefixes, boolean anyUserName) {
        this.phoneTails = phoneTails;
        this.userNamePrefixes = userNamePrefixes;
        this.anyUserName = anyUserName;
        this.records = records;
        this.emailPrefixes = emailPrefixes;
        this.anyEmail = anyEmail;
        this.anyIdentifier = anyIdentifier;
        this.names = names;
        this.keys = keys;
        this.postings = postings;
        this.emails = new EmailMatcher(keys);
        this.phones = new PhoneMatcher(keys, phoneTails);
        this.identifiers = new IdentifierMatcher(keys);
        this.count = count;
    }

    public static CompiledErasures empty() {
        return build(List.of(), Nicknames.of(java.util.Map.of()), "US");
    }

    /** The typo tolerance these tables were compiled with. */
    public Fuzzy fuzzy() {
        return names.fuzzy();
    }

    /**
     * What a registered value can begin with in a view (any letter or digit while anything is registered), for
     * {@link io.lethe.text.MappedText#matcherHold}.
     */
    public io.lethe.text.FormStarts formStarts() {
        return count == 0 ? io.lethe.text.FormStarts.NONE : ANY_VALUE;
    }

    private static final io.lethe.text.FormStarts ANY_VALUE =
            new io.lethe.text.FormStarts.Builder().addLetters().addDigits().build();

    /** Number of erasures compiled in. */
    public int size() {
        return count;
    }

    /** Trie states of the name matcher. */
    public int states() {
        return names.states();
    }

    /** Rough heap footprint of the tables in bytes, for metrics and the benchmark. */
    public long approximateBytes() {
        return names.bytes() + keys.bytes() + postings.bytes() + phoneTails.bytes();
    }

    /** Compiles erasures; ordinals are the list indexes. */
    public static CompiledErasures build(List<Spec> specs, Nicknames nicknames, String phoneRegion) {
        return build(specs, nicknames, phoneRegion, Fuzzy.DEFAULT);
    }

    /**
     * Compiles erasures; ordinals are the list indexes. Every value is also compiled written backwards
     * (a name as "zuofhaM lisaB", an e-mail, a number), which costs one more sequence or key each.
     *
     * @throws IllegalArgumentException past 2^24 erasures, or for a phone that is not one (see
     *                                  {@link PhoneKeys#read}; the parser refuses those first)
     */
    public static CompiledErasures build(List<Spec> specs, Nicknames nicknames, String phoneRegion, Fuzzy fuzzy) {
        Postings.Builder postings = new Postings.Builder();
        NameMatcher.Builder b = new NameMatcher.Builder(specs.size(), fuzzy, postings, nicknames);
        RecordFields.Builder rec = new RecordFields.Builder(postings);
        KeyTable.Builder k = new KeyTable.Builder(specs.size(), postings);
        List<String> addresses = new ArrayList<>();
        LongIntMap tails = new LongIntMap(16);
        java.util.Set<String> userNames = new java.util.LinkedHashSet<>();
        boolean anyIdentifier = false;
        for (int ord = 0; ord < specs.size(); ord++) {
            Spec s = specs.get(ord);
            // the subject's country, or where its first international phone is: which name forms apply
            String country = s.namesCountry();
            for (String name : s.names()) {
                rec.add(name, ord);
                for (String other : NameVariants.spellings(name)) {
                    rec.add(other, ord);
                }
                for (var form : NameVariants.forms(name, nicknames, country).entrySet()) {
                    b.addForms(form.getKey(), ord, Kind.NAME, form.getValue(), true);
                }
                // its other grammatical cases (Russian, Polish), without typos: an ending is the word's one change
                for (var form : NameVariants.inflections(name, country).entrySet()) {
                    b.addForms(form.getKey(), ord, Kind.NAME, form.getValue(), false);
                }
                addWrittenForms(b, name, ord, Kind.NAME);
                for (String key : UserNames.keys(name)) {
                    k.add(key, ord, Kind.NAME, NameVariants.USER_NAME);
                    userNames.add(key.substring(1));
                }
                // other spellings of the same name ("Schaefer" for Schäfer, "Du Buque" for DuBuque): the same forms
                for (String other : NameVariants.spellings(name)) {
                    for (var form : NameVariants.forms(other, nicknames, country).entrySet()) {
                        b.addForms(form.getKey(), ord, Kind.NAME, form.getValue(), false);
                    }
                }
            }
            for (String alias : s.aliases()) {
                // the alias's given name with a registered surname ("Seun Adebayo-Okonkwo"), as a nickname's form
                for (String name : s.names()) {
                    for (var form : NameVariants.aliasGivenName(name, alias).entrySet()) {
                        b.addForms(form.getKey(), ord, Kind.NAME, form.getValue(), false);
                    }
                }
                b.addForms(NameVariants.ofAlias(alias), ord, Kind.ALIAS);
                List<String> reversed = NameVariants.aliasReversed(alias);
                if (reversed != null) {
                    b.addForms(reversed, ord, Kind.ALIAS, NameVariants.REVERSED, false);
                }
                for (var form : NameVariants.inflections(alias, country).entrySet()) {
                    b.addForms(form.getKey(), ord, Kind.ALIAS, form.getValue(), false);
                }
                addWrittenForms(b, alias, ord, Kind.ALIAS);
                for (String other : NameVariants.spellings(alias)) {
                    b.addForms(NameVariants.ofAlias(other), ord, Kind.ALIAS, 0, false);
                }
            }
            for (String email : s.emails()) {
                String key = ErasureKeys.normalizeEmail(email);
                k.add(key, ord, Kind.EMAIL);
                addresses.add(key);
                addresses.add(new StringBuilder(key).reverse().toString());
                String units = reversedByLetters(key);
                if (units != null) {
                    // also written backwards with its digraphs kept ("nevoehrednav" for "vanderhoeven"); the key
                    // table adds its own reverse too, the address with those digraphs turned: both are held
                    k.add(units, ord, Kind.EMAIL);
                    addresses.add(units);
                    addresses.add(new StringBuilder(units).reverse().toString());
                }
                String local = UserNames.localKey(email);
                if (local != null) {
                    k.add(local, ord, Kind.EMAIL);
                    userNames.add(local.substring(1));
                }
            }
            for (int p = 0; p < s.phones().size(); p++) {
                PhoneKeys.Reading r = PhoneKeys.read(s.phones().get(p), s.phoneRegion(p, phoneRegion));
                for (String digits : r.keys()) {
                    k.add(digits, ord, Kind.PHONE, digits.equals(r.dialled()) ? PhoneKeys.DIALLED : 0);
                    PhoneMatcher.addTails(digits, tails);
                    PhoneMatcher.addHeads(digits, tails);
                }
            }
            for (String id : s.identifiers()) {
                anyIdentifier = true;
                String key = ErasureKeys.normalizeIdentifier(id);
                k.add(key, ord, Kind.IDENTIFIER);
                List<String> tokens = NameVariants.tokens(id);
                // spaced alphanumeric forms go through the trie (digit runs cover all-digit ones), and so do
                // digit-less ids, which word runs do not look up
                boolean letters = key.chars().anyMatch(Character::isLetter);
                boolean digits = key.chars().anyMatch(Character::isDigit);
                if ((tokens.size() > 1 && letters) || !digits) {
                    b.addSequence(tokens, ord, Kind.IDENTIFIER);
                }
                if (letters) {
                    // the long number inside a lettered id ("GB-PASS-552019384") is the id written without its
                    // letters ("passport 552 019 384"; red team 13 F12): digit runs find it in any grouping
                    for (String core : key.split("[^0-9]+")) {
                        if (core.length() >= MIN_ID_CORE_DIGITS) {
                            k.add(core, ord, Kind.IDENTIFIER);
                        }
                    }
                    String tail = labelledTail(id);
                    if (tail != null) {
                        k.add(tail, ord, Kind.IDENTIFIER);
                    }
                }
            }
        }
        Postings finished = postings.finish();
        return new CompiledErasures(b.finish(finished), k.finish(finished), finished, specs.size(),
                TokenPrefixes.of(addresses, List.of(), List.of()), !addresses.isEmpty(), anyIdentifier,
                rec.finish(finished), tails, TokenPrefixes.of(userNames, List.of(), List.of()), !userNames.isEmpty());
    }


    /** Fewest chars of an identifier's part after its label that is matched alone ({@link #labelledTail}). */
    static final int MIN_ID_TAIL = 6;

    /**
     * The part of an identifier after its label: the groups from the first with a digit on, when every group
     * before it is letters only, three or more ("FR-PASS-17AB88231" is passport 17AB88231 of France; red team 15
     * R12), normalized as {@link ErasureKeys#normalizeIdentifier}; null when there is no such label, or the rest is shorter than
     * {@link #MIN_ID_TAIL} or has no letter (a number alone needs {@link #MIN_ID_CORE_DIGITS} digits).
     */
    static String labelledTail(String id) {
        String[] groups = id.strip().split("[^\\p{L}\\p{N}]+");
        int first = 0;
        while (first < groups.length && !groups[first].isEmpty() && groups[first].chars().allMatch(Character::isLetter)) {
            first++;
        }
        int labelLetters = 0;
        for (int g = 0; g < first; g++) {
            labelLetters += groups[g].length();
        }
        if (labelLetters < 3 || first == groups.length) {
            return null; // "AB 12 34 56 C": two letters are part of the number, not a label
        }
        String tail = ErasureKeys.normalizeIdentifier(String.join("-", java.util.Arrays.asList(groups).subList(first,
                groups.length)));
        return tail.length() >= MIN_ID_TAIL && tail.chars().anyMatch(Character::isLetter) ? tail : null;
    }

    /**
     * The forms of a name or alias beyond its variants: written backwards as a whole and word by word, glued
     * into one word (Hangul, katakana) and romanized (Cyrillic, Greek, Han, Hangul, kana).
     */
    private static void addWrittenForms(NameMatcher.Builder b, String name, int ord, Kind kind) {
        List<List<String>> w = NameVariants.words(name);
        List<String> words = NameVariants.ofAlias(name);
        b.addKnown(words);
        if (NameVariants.alphabetic(name)) {  // "于果" backwards is another name, not a disguise
            b.addForms(reversed(words), ord, kind, NameVariants.MIRRORED, false);
            b.addForms(reversedEach(words), ord, kind, NameVariants.MIRRORED, false);
            // each word written backwards in its place: "enaeJ llennoC'O" (the word's tokens reverse too)
            List<String> eachWord = new ArrayList<>();
            for (List<String> word : w) {
                eachWord.addAll(reversed(word));
            }
            b.addForms(eachWord, ord, kind, NameVariants.MIRRORED, false);
        }
        for (List<String> glued : NameVariants.glued(w)) {
            b.addForms(glued, ord, kind, 0, false);
        }
        for (var latin : NameVariants.romanized(name).entrySet()) {
            b.addSequence(latin.getKey(), ord, kind, latin.getValue(), false);  // another spelling: one departure
        }
    }

    /**
     * Digraphs that stand for one letter and keep their order when a word is written backwards letter by letter:
     * German "ae", "oe", "ue" for ä, ö, ü, and Dutch "ij".
     */
    private static final String[] DIGRAPHS = {"ae", "oe", "ue", "ij"};

    /**
     * A key written backwards letter by letter with its {@link #DIGRAPHS} kept in order ("ln.redlop@nevoehrednav.m"
     * for "m.vanderhoeven@polder.nl"), or null when it has none (plain reversal, which the key table adds itself).
     */
    static String reversedByLetters(String key) {
        List<String> units = new ArrayList<>(key.length());
        boolean any = false;
        for (int i = 0; i < key.length(); ) {
            int len = 1;
            for (String d : DIGRAPHS) {
                if (key.startsWith(d, i)) {
                    len = 2;
                    any = true;
                    break;
                }
            }
            units.add(key.substring(i, i + len));
            i += len;
        }
        if (!any) {
            return null;
        }
        StringBuilder b = new StringBuilder(key.length());
        for (int u = units.size() - 1; u >= 0; u--) {
            b.append(units.get(u));
        }
        return b.toString();
    }

    /** A token sequence with each token spelled backwards, in its order ("sucraM epanK"). */
    static List<String> reversedEach(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (String t : tokens) {
            out.add(new StringBuilder(t).reverse().toString());
        }
        return out;
    }

    /** A token sequence written backwards: the tokens in reverse order, each spelled backwards. */
    static List<String> reversed(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (int i = tokens.size() - 1; i >= 0; i--) {
            out.add(new StringBuilder(tokens.get(i)).reverse().toString());
        }
        return out;
    }


    /** Writes the tables (for the matcher snapshot that makes restarts fast). */
    public void writeTo(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(count);
        postings.writeTo(out);
        names.writeTo(out);
        keys.writeTo(out);
        emailPrefixes.writeTo(out);
        out.writeBoolean(anyEmail);
        out.writeBoolean(anyIdentifier);
        records.writeTo(out);
        phoneTails.writeTo(out);
        userNamePrefixes.writeTo(out);
        out.writeBoolean(anyUserName);
    }

    /**
     * Reads tables written by {@link #writeTo}.
     *
     * @throws java.io.IOException on a truncated or corrupt stream
     */
    public static CompiledErasures readFrom(java.io.DataInput in) throws java.io.IOException {
        int count = in.readInt();
        Postings postings = Postings.readFrom(in);
        NameMatcher names = NameMatcher.readFrom(in, postings);
        KeyTable keys = KeyTable.readFrom(in, postings);
        TokenPrefixes emailPrefixes = TokenPrefixes.readFrom(in);
        boolean anyEmail = in.readBoolean();
        boolean anyIdentifier = in.readBoolean();
        RecordFields records = RecordFields.readFrom(in, postings);
        LongIntMap phoneTails = LongIntMap.readFrom(in);
        TokenPrefixes userNamePrefixes = TokenPrefixes.readFrom(in);
        boolean anyUserName = in.readBoolean();
        return new CompiledErasures(names, keys, postings, count, emailPrefixes, anyEmail, anyIdentifier, records,
                phoneTails, userNamePrefixes, anyUserName);
    }

    /** Every hit in a whole text. */
    public List<Hit> findAll(CharSequence text) {
        List<Hit> out = new ArrayList<>();
        new Cursor(false, true).feed(text, text.length(), true, out);
        return out;
    }

    /** A cursor over one growing text as received, for every kind. */
    public Cursor cursor() {
        return new Cursor(false, true);
    }

    /**
     * A cursor for every kind over a normalized view, which collapses white space: records ({@link RecordFields})
     * are read in the raw text only, where a line end still ends a CSV or table row.
     */
    public Cursor viewCursor() {
        return new Cursor(false, false);
    }

    /**
     * A cursor that matches names and aliases only (token sequences; no e-mail, phone or identifier runs),
     * for a view whose other runs another cursor already reads: the leetspeak reading, which copies digit runs
     * unchanged and garbles the rest.
     */
    public Cursor nameCursor() {
        return new Cursor(true, false);
    }

    /**
     * The one pass over a growing text: each char is classified once and the tokens (UAX #29 words), word runs
     * without spaces and digit runs it closes are handed to the kind's matcher. Not thread-safe.
     */
    public final class Cursor {
        private int pos;
        /** The open token's start (-1: none) and the class of its last char that is not Extend (WB4). */
        private int tokStart = -1;
        private int tokClass;
        // e-mail and compact identifier runs
        private int wordRunStart = -1;
        private int runClass;
        /** Names only (tokens and walks; no e-mail, identifier or digit runs), for the leetspeak view. */
        private final boolean tokensOnly;
        private final NameMatcher.Cursor nameCursor;
        private final PhoneMatcher.Cursor phoneCursor;
        private final IdentifierMatcher.Cursor identifierCursor;
        /** A person's name as two fields of a record; null for the name cursor or with no such name registered. */
        private final RecordFields.Cursor recordCursor;
        private final StringBuilder scratch = new StringBuilder(64);
        /** Hits of a lookup made only to decide a hold, dropped after (made on first use). */
        private List<Hit> probe;

        Cursor(boolean tokensOnly, boolean records) {
            this.tokensOnly = tokensOnly;
            this.nameCursor = names.cursor(records);  // the raw text's cursor: middle names (see NameMatcher)
            this.phoneCursor = tokensOnly ? null : phones.cursor();
            this.identifierCursor = tokensOnly ? null : identifiers.cursor();
            this.recordCursor = !records || CompiledErasures.this.records.isEmpty() ? null
                    : CompiledErasures.this.records.cursor();
        }

        /**
         * Scans {@code text[pos, length)}, adding hits to {@code out}.
         *
         * @return the smallest offset where a hit not yet reported could still start
         */
        public int feed(CharSequence text, int length, boolean complete, List<Hit> out) {
            return feed(text, length, complete, out, false);
        }

        /**
         * {@link #feed(CharSequence, int, boolean, List)}; {@code wordEnded}: the word open at {@code length} is
         * known to have ended (the text after it, not given yet, begins with whitespace), so its token is
         * judged now. Word runs (e-mails) stay open: a spelled-out " at " may still join them.
         */
        public int feed(CharSequence text, int length, boolean complete, List<Hit> out, boolean wordEnded) {
            nameCursor.begin(text);
            if (tokensOnly) {
                return feedNames(text, length, complete, out, wordEnded);
            }
            for (int i = pos; i < length; i++) {
                char c = text.charAt(i);
                int k = WordBreaks.classOf(c);
                tokenChar(text, i, k, out);
                if (isWordRunChar(c, k)) {
                    if (wordRunStart >= 0 && k != runClass && WordBreaks.isWordClass(k)
                            && WordBreaks.isWordClass(runClass) && !WordBreaks.joins(runClass, k)) {
                        // kana then Latin ("はl.whitfield@..."): another word, so another run
                        runEnded(text, wordRunStart, i, out);
                        wordRunStart = -1;
                    }
                    if (wordRunStart < 0) {
                        wordRunStart = i;
                    }
                    runClass = k;
                } else if (wordRunStart >= 0) {
                    runEnded(text, wordRunStart, i, out);
                    wordRunStart = -1;
                }
                phoneCursor.digitChar(text, i, c, k, out);
            }
            pos = length;
            if (wordEnded && !complete) {
                endToken(text, length, out);
            }
            if (complete) {
                endToken(text, length, out);
            }
            if (recordCursor != null) {
                recordCursor.advance(text, length, complete, out, tokStart);
            }
            if (complete) {
                if (wordRunStart >= 0) {
                    runEnded(text, wordRunStart, length, out);
                    wordRunStart = -1;
                }
                phoneCursor.endDigitRun(text, out);
                nameCursor.end();
                return length;
            }
            int hold = nameCursor.hold(text, length, tokStart);
            if (wordRunStart >= 0) {
                hold = Math.min(hold, runHold(text, wordRunStart, length, wordEnded));
            }
            // chains are looked up as identifiers only: with none registered they can find nothing, hold nothing
            int chained = anyIdentifier ? identifierCursor.chainHold(text, length, wordRunStart) : -1;
            if (chained >= 0) {
                hold = Math.min(hold, chained);
            }
            if (recordCursor != null) {
                hold = Math.min(hold, recordCursor.hold(length));
            }
            return Math.min(hold, phoneCursor.hold(text, length));
        }

        /**
         * The char at {@code i} of UAX #29 class {@code k}: it ends the open token unless it joins it (marks and
         * format chars stay with their token, see {@link WordBreaks}), and a word char opens one.
         */
        private void tokenChar(CharSequence text, int i, int k, List<Hit> out) {
            if (tokStart >= 0 && k != WordBreaks.EXTEND && !(WordBreaks.isWordClass(k) && WordBreaks.joins(tokClass, k))) {
                nameCursor.token(text, tokStart, i, out);
                if (recordCursor != null) {
                    recordCursor.token(text, tokStart, i, nameCursor.lastHash());
                }
                tokStart = -1;
            }
            if (WordBreaks.isWordClass(k)) {
                if (tokStart < 0) {
                    tokStart = i;
                }
                tokClass = k;
            }
        }

        /**
         * Where to hold the word run still open at {@code text[start, end)}: from its first token char (the
         * matchers trim what comes before it, {@link #runEnded}) while it could yet
         * hold a registered e-mail (it has an "@", or it begins like a registered address) or identifier (a digit
         * or a separator in it, or a short capitalized part of one written with spaces, see
         * {@link IdentifierMatcher.Cursor#run}); from the first part that could begin a user name when only that
         * could follow an "@" ({@link UserNames#couldHold}); else {@code end}, holding nothing. With
         * {@code wordEnded} whitespace follows the run, which may go on only through a connector the view spells
         * out.
         */
        private int runHold(CharSequence text, int start, int end, boolean wordEnded) {
            boolean digit = false;
            boolean separator = false;
            int first = -1;
            int plus = -1;
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                if (c == '@' && first >= 0) {
                    // the matcher looks the trimmed run up whole, so an address begins at its first token char:
                    // held only while that could begin a registered one, as before the "@" came (monotone); an
                    // "@" before it ("@l.whitfield@...") is trimmed off like other leading punctuation
                    if (anyEmail && (emailPrefixes.couldBegin(text, first, end, 0)
                            || (plus > 0 && untaggedCouldBegin(text, first, plus, i, end)))) {
                        return first;
                    }
                    // a user name is looked up part by part ("wiqx@lindqv": "lindqv" only), each hit spanning its
                    // part: held from the first part that could begin one
                    int part = anyUserName ? UserNames.couldHold(userNamePrefixes, text, first, end, scratch) : -1;
                    return part >= 0 ? part : end;
                }
                if (c == '+' && first >= 0 && plus < 0) {
                    plus = i;  // a sub-address tag may follow ("ilse+news@..."; EmailMatcher looks it up without)
                }
                if (Fold.isTokenChar(c)) {
                    if (first < 0) {
                        first = i;
                    }
                    digit |= Character.isDigit(c);
                } else if (first >= 0) {
                    separator = true;
                }
            }
            if (first < 0) {
                return end;
            }
            if (anyIdentifier && (digit || separator || (end - start <= 4 && Character.isUpperCase(text.charAt(start))))) {
                return first;
            }
            if (anyUserName && UserNames.couldHold(userNamePrefixes, text, first, end, scratch) >= 0
                    && (!wordEnded || userNameIn(text, start, end))) {
                // a user name being written ("m.quillsw"), judged when its run ends. Once whitespace follows it can
                // grow only into an address (below): as a user name alone it is whole, a hit or nothing
                return first;
            }
            if (!anyEmail) {
                return end;
            }
            if (plus > 0 && untaggedCouldBegin(text, first, plus, end, end)) {
                return first;  // the mailbox before the tag begins a registered address
            }
            if (!wordEnded) {
                return emailPrefixes.couldBegin(text, first, end, 0) ? first : end;
            }
            // whitespace follows: the run goes on only through a spelled-out connector ("at", "dot", ...)
            StringBuilder joined = new StringBuilder(end - first + 1).append(text, first, end).append('@');
            for (char connector : CONNECTORS) {
                joined.setCharAt(joined.length() - 1, connector);
                if (emailPrefixes.couldBegin(joined, 0, joined.length(), 0)) {
                    return first;
                }
            }
            return end;
        }

        /** Whether the run {@code text[start, end)}, ended as it is, holds a registered user name ({@link #runEnded}). */
        private boolean userNameIn(CharSequence text, int start, int end) {
            if (probe == null) {
                probe = new ArrayList<>(2);
            }
            UserNames.lookup(keys, text, start, end, scratch, probe);  // trims each part as runEnded's run
            boolean found = !probe.isEmpty();
            probe.clear();
            return found;
        }

        /**
         * Whether {@code text[first, plus)} (a mailbox before its sub-address tag) followed by {@code text[at, end)}
         * (the "@" and what came of the domain; an empty range: the "@" that must come) could begin a registered
         * address.
         */
        private boolean untaggedCouldBegin(CharSequence text, int first, int plus, int at, int end) {
            scratch.setLength(0);
            scratch.append(text, first, plus);
            if (at < end) {
                scratch.append(text, at, end);
            } else {
                scratch.append('@');
            }
            return emailPrefixes.couldBegin(scratch, 0, scratch.length(), 0);
        }

        /** The chars a spelled-out e-mail connector becomes in the normalized view ({@code NormalizedView}). */
        private static final char[] CONNECTORS = {'@', '.', '_', '-'};

        /** The text is complete: the open token ends at {@code length}. */
        private void endToken(CharSequence text, int length, List<Hit> out) {
            if (tokStart >= 0) {
                nameCursor.token(text, tokStart, length, out);
                if (recordCursor != null) {
                    recordCursor.token(text, tokStart, length, nameCursor.lastHash());
                }
                tokStart = -1;
            }
        }

        /** {@link #feed} of a {@link #nameCursor()}: tokens and walks only. */
        private int feedNames(CharSequence text, int length, boolean complete, List<Hit> out, boolean wordEnded) {
            for (int i = pos; i < length; i++) {
                tokenChar(text, i, WordBreaks.classOf(text.charAt(i)), out);
            }
            pos = length;
            if (wordEnded && !complete) {
                endToken(text, length, out);
            }
            if (complete) {
                endToken(text, length, out);
                nameCursor.end();
                return length;
            }
            return nameCursor.hold(text, length, tokStart);
        }

        // e-mails and compact identifiers: runs without spaces
        private static boolean isWordRunChar(char c, int cls) {
            return WordBreaks.isWordClass(cls) || c == '.' || c == '@' || c == '-' || c == '_' || c == '+' || c == '%'
                    || c == '/';
        }

        /**
         * A run without spaces ended: an e-mail (an "@" after its first char) or identifiers in it, and a part
         * of a spaced identifier.
         */
        private void runEnded(CharSequence text, int start, int end, List<Hit> out) {
            int s = start;
            int e = end;
            while (s < e && !Fold.isTokenChar(text.charAt(s))) {
                s++;
            }
            while (e > s && !Fold.isTokenChar(text.charAt(e - 1))) {
                e--;
            }
            int before = out.size();
            if (e - s >= 4) {
                int at = -1;
                for (int i = s; i < e && at < 0; i++) {
                    if (text.charAt(i) == '@') {
                        at = i;
                    }
                }
                if (at > s) {
                    emails.run(text, s, e, scratch, out);
                } else if (!IdentifierMatcher.onlyDigitsAndSeparators(text, s, e)) {
                    identifierCursor.compact(text, s, e, out);  // digit runs cover digits in any formatting
                }
            }
            if (anyUserName && out.size() == before && e - s >= UserNames.MIN_LOCAL) {
                // a user name of a registered name or address, whatever the address around it (red team 16 N3)
                UserNames.lookup(keys, text, s, e, scratch, out);
            }
            identifierCursor.run(text, start, end, phoneCursor.lastDigit(), out);
        }
    }
}
