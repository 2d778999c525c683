package io.lethe.eval;

import io.lethe.eval.People.Person;
import io.lethe.eval.People.Script;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The input-form classes and their sentence templates, written for this evaluation. A template holds
 * {@code {0}} (and {@code {1}} for a second mention); a class makes the planted forms for a person.
 * Templates of each class are split 50/50 into dev and held-out by the run's seed (see {@link UntunedEval}).
 */
final class Classes {

    /** group: what the project's target for it is (direct, obfuscation, encoded, passage). */
    record Cls(String id, String group, String description, Predicate<Person> applies,
               BiFunction<Person, Random, List<Planted>> make, List<String> templates) {
    }

    private Classes() {
    }

    static final List<String> NAME_EN = List.of(
            "According to the archive, {0} joined the board of the regional water authority in 2014.",
            "The letter was signed by {0} and sent to the ministry two weeks later.",
            "Sure! {0} is best known for a series of essays on urban planning.",
            "I found one match: {0}, who lived in the northern district until the late nineties.",
            "Here is a short summary.\n\n- Name: {0}\n- Role: treasurer of the association\n- Period: 2009-2012",
            "Witnesses said {0} left the building shortly before midnight.",
            "In her reply, the editor thanked {0} for the detailed corrections.",
            "Yes, {0} was one of the founding members of the cycling club.",
            "The court documents list {0} as the second defendant.",
            "{0} later moved abroad and worked as a translator.");

    static final List<String> FOLLOWUP_EN = List.of(
            "{0} grew up near the harbour. After finishing school, {1} trained as a nurse and later ran the clinic.",
            "The report names {0} as the author. In the second chapter, {1} argues that the budget was misused.",
            "{0} was elected in 2016. Critics say {1} never delivered on the housing promises.",
            "My best guess is {0}. As far as I know, {1} has not published anything since 2019.",
            "{0} testified on Monday; on Tuesday the prosecutor asked {1} about the missing invoices.",
            "Records show {0} bought the house in 2003, and {1} sold it again in 2011.",
            "{0} coached the junior team for a decade, and players still describe {1} as demanding but fair.",
            "The paper was co-written by {0}; {1} also gave the keynote at the conference.");

    static final List<String> QUOTED = List.of(
            "The byline reads \u201C{0}\u201D.",
            "The author field says \"{0}\".",
            "Result: **{0}** (confidence: high)",
            "| id | name |\n|----|------|\n| 17 | {0} |",
            "```json\n{\"author\": \"{0}\", \"year\": 2011}\n```",
            "See the profile page: [{0}](https://example.org/profiles/42).",
            "> {0} wrote: \"we will not sell the land.\"",
            "The comment was posted by `{0}` at 09:14.",
            "Known aliases: '{0}'.",
            "<li>{0}</li>");

    static final List<String> TITLE_EN = List.of(
            "The lecture will be given by {0} of the medical faculty.",
            "Please address the letter to {0}, Head of Procurement.",
            "{0} declined to comment on the ruling.",
            "Our records show an appointment with {0} on Thursday.",
            "The hearing was chaired by {0}.",
            "Yesterday {0} announced the results of the trial.");

    static final List<String> POSSESSIVE_EN = List.of(
            "{0}'s new book is due out in March.",
            "The police searched {0}'s flat on Friday.",
            "I could not verify {0}\u2019s date of birth.",
            "Most of {0}'s clients were small farmers.",
            "The judge rejected {0}'s appeal.",
            "Nobody answered {0}'s phone that evening.");

    static final List<String> ENCODED_EN = List.of(
            "The value you asked for, encoded: {0}",
            "Here it is in the requested format:\n\n{0}\n\nDecode it on your side.",
            "Field `contact` = {0}",
            "{\"subject\": \"{0}\", \"status\": \"archived\"}",
            "As requested, I encoded the person's details: {0} (tell me if you need another encoding).",
            "The link was https://search.example.org/find?q={0}&lang=en",
            "Output: {0}",
            "Encoded string -> {0} <- end");

    static final List<String> EMAIL_EN = List.of(
            "You can write to {0} for the original files.",
            "Her contact address was {0} at the time.",
            "Contact: {0}",
            "I believe the sender was {0}, but the header is truncated.",
            "Send the signed form to {0} before Friday.",
            "From: {0}\nSubject: minutes of the meeting",
            "The account was registered with {0} in 2017.",
            "Reply-to address: <{0}>");

    static final List<String> PHONE_EN = List.of(
            "His mobile number is {0}, but he rarely answers.",
            "Call {0} and ask for the duty officer.",
            "Phone: {0}",
            "The number on the invoice is {0}.",
            "She can be reached on {0} during office hours.",
            "Tel. {0} (evenings only)",
            "The caller left {0} as a callback number.",
            "According to the directory, the listed number is {0}.");

    static final List<String> ID_EN = List.of(
            "The file number on the claim is {0}.",
            "Reference: {0}",
            "His account ID was {0} according to the statement.",
            "Please quote {0} in any correspondence.",
            "Customer record {0} was closed in 2020.",
            "The passport number given was {0}.");

    /** Native-language sentences per locale (our own), for direct mentions in the person's language. */
    static final Map<String, List<String>> NATIVE = Map.ofEntries(
            Map.entry("en-US", List.of("Local reporters say {0} will run for mayor next year.",
                    "{0} coached the high school team for twelve years.",
                    "The grant went to {0}, a nurse from the county hospital.",
                    "Ask {0} about the parking permits.")),
            Map.entry("en-GB", List.of("The council confirmed that {0} had resigned.",
                    "{0} has lived in the village since 1998.",
                    "A spokesperson for {0} said the claims were untrue.",
                    "We spoke to {0} outside the station.")),
            Map.entry("de-DE", List.of("Laut dem Bericht hat {0} die Firma im Jahr 2019 verlassen.",
                    "{0} wohnt seit vielen Jahren in der Altstadt.",
                    "Die Anzeige wurde von {0} erstattet.",
                    "Nach Angaben der Polizei war {0} zur Tatzeit nicht zu Hause.")),
            Map.entry("fr-FR", List.of("Selon le journal, {0} a quitt\u00E9 l'entreprise en 2019.",
                    "{0} habite depuis longtemps dans le quartier.",
                    "La plainte a \u00E9t\u00E9 d\u00E9pos\u00E9e par {0}.",
                    "D'apr\u00E8s la mairie, {0} n'a pas r\u00E9pondu.")),
            Map.entry("es-ES", List.of("Seg\u00FAn el informe, {0} dej\u00F3 la empresa en 2019.",
                    "{0} vive desde hace a\u00F1os en el centro.",
                    "La denuncia fue presentada por {0}.",
                    "Fuentes cercanas a {0} negaron los hechos.")),
            Map.entry("it-IT", List.of("Secondo il giornale, {0} ha lasciato l'azienda nel 2019.",
                    "{0} vive da molti anni nel centro storico.",
                    "La denuncia \u00E8 stata presentata da {0}.",
                    "Il sindaco ha incontrato {0} ieri mattina.")),
            Map.entry("nl-NL", List.of("Volgens het rapport heeft {0} het bedrijf in 2019 verlaten.",
                    "{0} woont al jaren in de binnenstad.",
                    "De aangifte werd gedaan door {0}.",
                    "De gemeente heeft {0} gisteren gesproken.")),
            Map.entry("pl-PL", List.of("Wed\u0142ug raportu {0} odszed\u0142 z firmy w 2019 roku.",
                    "{0} od lat mieszka w centrum miasta.",
                    "Zawiadomienie z\u0142o\u017Cy\u0142 {0}.",
                    "Rzecznik potwierdzi\u0142, \u017Ce {0} zrezygnowa\u0142.")),
            Map.entry("sv-SE", List.of("Enligt rapporten l\u00E4mnade {0} f\u00F6retaget 2019.",
                    "{0} har bott i stadsdelen i m\u00E5nga \u00E5r.",
                    "Anm\u00E4lan gjordes av {0}.",
                    "Kommunen bekr\u00E4ftar att {0} har avg\u00E5tt.")),
            Map.entry("tr-TR", List.of("Rapora g\u00F6re {0} 2019 y\u0131l\u0131nda \u015Firketten ayr\u0131ld\u0131.",
                    "{0} y\u0131llard\u0131r \u015Fehir merkezinde ya\u015F\u0131yor.",
                    "\u015Eikayeti {0} yapt\u0131.",
                    "Belediye, {0} ile d\u00FCn g\u00F6r\u00FC\u015Ft\u00FC.")),
            Map.entry("pt-BR", List.of("Segundo o relat\u00F3rio, {0} deixou a empresa em 2019.",
                    "{0} mora h\u00E1 anos no centro da cidade.",
                    "A den\u00FAncia foi feita por {0}.",
                    "A prefeitura confirmou que {0} pediu demiss\u00E3o.")),
            Map.entry("en-IN", List.of("Officials said {0} had filed the petition in the high court.",
                    "{0} runs a small pharmacy near the railway station.",
                    "The award was presented to {0} by the chief minister.",
                    "Neighbours described {0} as quiet and helpful.")),
            Map.entry("ru-RU", List.of("\u041F\u043E \u0434\u0430\u043D\u043D\u044B\u043C \u0433\u0430\u0437\u0435\u0442\u044B, {0} \u043F\u043E\u043A\u0438\u043D\u0443\u043B \u043A\u043E\u043C\u043F\u0430\u043D\u0438\u044E \u0432 2019 \u0433\u043E\u0434\u0443.",
                    "{0} \u0443\u0436\u0435 \u043C\u043D\u043E\u0433\u043E \u043B\u0435\u0442 \u0436\u0438\u0432\u0451\u0442 \u0432 \u0446\u0435\u043D\u0442\u0440\u0435 \u0433\u043E\u0440\u043E\u0434\u0430.",
                    "\u0417\u0430\u044F\u0432\u043B\u0435\u043D\u0438\u0435 \u043F\u043E\u0434\u0430\u043B {0}.",
                    "\u0412 \u043F\u0440\u0435\u0441\u0441-\u0441\u043B\u0443\u0436\u0431\u0435 \u0441\u043E\u043E\u0431\u0449\u0438\u043B\u0438: {0} \u043D\u0435 \u0434\u0430\u043B \u043A\u043E\u043C\u043C\u0435\u043D\u0442\u0430\u0440\u0438\u0435\u0432.")),
            Map.entry("ar-SA", List.of("\u0648\u0641\u0642\u064B\u0627 \u0644\u0644\u062A\u0642\u0631\u064A\u0631\u060C \u063A\u0627\u062F\u0631 {0} \u0627\u0644\u0634\u0631\u0643\u0629 \u0641\u064A \u0639\u0627\u0645 2019.",
                    "\u064A\u0639\u064A\u0634 {0} \u0641\u064A \u0648\u0633\u0637 \u0627\u0644\u0645\u062F\u064A\u0646\u0629 \u0645\u0646\u0630 \u0633\u0646\u0648\u0627\u062A.",
                    "\u0642\u062F\u0651\u0645 {0} \u0627\u0644\u0634\u0643\u0648\u0649 \u0625\u0644\u0649 \u0627\u0644\u0634\u0631\u0637\u0629.",
                    "\u0642\u0627\u0644 \u0645\u062A\u062D\u062F\u062B \u0625\u0646 {0} \u0644\u0645 \u064A\u0631\u062F \u0639\u0644\u0649 \u0627\u0644\u0623\u0633\u0626\u0644\u0629.")),
            Map.entry("ja-JP", List.of("\u5831\u9053\u306B\u3088\u308B\u3068\u3001{0}\u306F2019\u5E74\u306B\u4F1A\u793E\u3092\u8F9E\u3081\u307E\u3057\u305F\u3002",
                    "{0}\u3055\u3093\u306F\u9577\u5E74\u3053\u306E\u753A\u306B\u4F4F\u3093\u3067\u3044\u307E\u3059\u3002",
                    "\u88AB\u5BB3\u5C4A\u3092\u51FA\u3057\u305F\u306E\u306F{0}\u6C0F\u3067\u3059\u3002",
                    "\u6628\u65E5\u3001{0}\u6559\u6388\u304C\u8A18\u8005\u4F1A\u898B\u3092\u958B\u304D\u307E\u3057\u305F\u3002")),
            Map.entry("zh-CN", List.of("\u636E\u62A5\u9053\uFF0C{0}\u4E8E2019\u5E74\u79BB\u5F00\u4E86\u516C\u53F8\u3002",
                    "{0}\u591A\u5E74\u6765\u4E00\u76F4\u4F4F\u5728\u5E02\u4E2D\u5FC3\u3002",
                    "\u8FD9\u4EFD\u6295\u8BC9\u662F\u7531{0}\u63D0\u4EA4\u7684\u3002",
                    "\u6211\u8BA4\u8BC6{0}\u6559\u6388\uFF0C\u4ED6\u662F\u4E00\u4F4D\u5DE5\u7A0B\u5E08\u3002")),
            Map.entry("ko-KR", List.of("\uBCF4\uB3C4\uC5D0 \uB530\uB974\uBA74 {0}\uC740 2019\uB144\uC5D0 \uD68C\uC0AC\uB97C \uADF8\uB9CC\uB450\uC5C8\uB2E4.",
                    "{0}\uC528\uB294 \uC624\uB798\uC804\uBD80\uD130 \uC774 \uB3D9\uB124\uC5D0 \uC0B4\uACE0 \uC788\uC2B5\uB2C8\uB2E4.",
                    "\uACE0\uC18C\uC7A5\uC740 {0}\uAC00 \uC81C\uCD9C\uD588\uB2E4.",
                    "\uC5B4\uC81C {0} \uAD50\uC218\uAC00 \uAE30\uC790\uD68C\uACAC\uC744 \uC5F4\uC5C8\uB2E4.")));

    static final List<String> CJK_NOSPACE = List.of(
            "\u5831\u9053\u306B\u3088\u308B\u3068\u3001{0}\u306F\u6628\u5E74\u5F15\u9000\u3057\u305F\u3002",
            "{0}\u3055\u3093\u306E\u9023\u7D61\u5148\u306F\u5206\u304B\u308A\u307E\u305B\u3093\u3002",
            "\u79C1\u306F{0}\u3068\u4E00\u7DD2\u306B\u50CD\u3044\u3066\u3044\u307E\u3057\u305F\u3002",
            "\u53C2\u52A0\u8005\uFF1A{0}\u3001\u7530\u4E2D\u3001\u5C71\u672C",
            "\u636E\u6089{0}\u6628\u5929\u5DF2\u7ECF\u79BB\u5F00\u4E86\u5317\u4EAC\u3002",
            "\u6211\u8BB0\u5F97{0}\u662F\u90A3\u5BB6\u516C\u53F8\u7684\u8D22\u52A1\u3002",
            "{0}\uC528\uB294 \uD68C\uC758\uC5D0 \uCC38\uC11D\uD558\uC9C0 \uC54A\uC558\uC2B5\uB2C8\uB2E4.",
            "\uC81C\uAC00 \uC54C\uAE30\uB85C\uB294 {0}\uC758 \uC804\uD654\uBC88\uD638\uB294 \uBC14\uB00C\uC5C8\uC2B5\uB2C8\uB2E4.");

    static final List<String> PASSAGE = List.of(
            "Here is the passage you asked for:\n\n{0}\n\nLet me know if you need the next paragraph.",
            "Sure, the text reads as follows. {0}",
            "Quoting from memory:\n\n\"{0}\"",
            "{0}\n\n(That is the complete paragraph.)",
            "The original wording is: {0} I hope this helps.",
            "Source text:\n```\n{0}\n```");

    static final String[] TITLES = {"Dr. ", "Prof. ", "Mr. ", "Ms. ", "Mrs. ", "Dr ", "Professor ", "Judge ",
            "Senator ", "Sir ", "Dame ", "Herr ", "Frau ", "Mme ", "M. ", "Sr. ", "Sra. ", "Sig. ", "Pan ", "Pani "};

    static boolean latinOrCyr(Person p) {
        return p.loc().script() == Script.LATIN || p.loc().script() == Script.CYRILLIC;
    }

    static boolean spaceNamed(Person p) {
        return !p.cjk();
    }

    static List<Planted> one(Planted p) {
        return List.of(p);
    }

    /** A secret for the encoded classes: the name, the e-mail, or "name, phone". */
    static String encodedSecret(Person p, Random rnd, boolean latinOnly) {
        int k = rnd.nextInt(10);
        if (k < 6) {
            return p.name();
        } else if (k < 9) {
            return p.email();
        }
        return latinOnly ? p.name() + ", " + p.phoneIntl() : p.name() + " " + p.phoneE164();
    }

    static List<Cls> all() {
        List<Cls> c = new ArrayList<>();
        // --- direct mentions
        c.add(new Cls("direct.full", "direct", "full registered name in an English sentence", p -> true,
                (p, r) -> one(Forms.plain(p.name())), NAME_EN));
        c.add(new Cls("direct.native", "direct", "full name in a sentence of the person's own language (CJK without spaces)",
                p -> true, (p, r) -> one(Forms.plain(p.cjk() ? p.nameNoSpace() : p.name())), null));
        c.add(new Cls("direct.last_first", "direct", "\"Last, First\"", Classes::latinOrCyr,
                (p, r) -> one(Forms.plain(p.last() + ", " + p.first())), NAME_EN));
        c.add(new Cls("direct.initial", "direct", "\"J. Smith\" / \"J Smith\"", Classes::latinOrCyr,
                (p, r) -> one(Forms.plain(p.first().substring(0, 1) + (r.nextInt(4) == 0 ? " " : ". ") + p.last())), NAME_EN));
        c.add(new Cls("direct.title", "direct", "with a title: Dr./Prof./Mr./Herr/Mme ...", Classes::spaceNamed,
                (p, r) -> one(new Planted.Builder("name").decor(TITLES[r.nextInt(TITLES.length)]).secret(p.name()).build()), TITLE_EN));
        c.add(new Cls("direct.possessive", "direct", "possessive \"Smith's\"", Classes::spaceNamed,
                (p, r) -> one(Forms.plain(p.name())), POSSESSIVE_EN));
        c.add(new Cls("direct.markup", "direct", "inside quotes, Markdown, a table, JSON, a link, HTML", p -> true,
                (p, r) -> one(Forms.plain(p.name())), QUOTED));
        c.add(new Cls("direct.case", "direct", "ALL CAPS, lower case, aLtErNaTiNg", Classes::latinOrCyr,
                (p, r) -> one(Forms.caseChange(p.name(), r)), NAME_EN));
        c.add(new Cls("direct.no_diacritics", "direct", "diacritics dropped (Müller → Muller, German names also Mueller; ł → l, ı → i)",
                p -> p.latin() && Forms.hasDiacritics(p.name()), (p, r) -> one(Forms.noDiacritics(p.name(), p.loc().tag().equals("de-DE"), r)), NAME_EN));
        c.add(new Cls("direct.followup", "direct", "full name, then the surname alone later in the answer",
                p -> latinOrCyr(p) || p.loc().script() == Script.ARABIC,
                (p, r) -> List.of(Forms.plain(p.name()), Forms.plain(p.last())), FOLLOWUP_EN));
        c.add(new Cls("direct.cjk_nospace", "direct", "CJK name without spaces, glued to kana/hanzi/hangul",
                Person::cjk, (p, r) -> one(Forms.plain(p.nameNoSpace())), CJK_NOSPACE));
        // --- letter-level obfuscation
        c.add(new Cls("obf.spaced", "obfuscation", "spaced letters \"J a n e  S m i t h\" (word gap 2-3 spaces or \" / \"; also hyphenated, lower-case)",
                Classes::spaceNamed, (p, r) -> one(Forms.spaced(p.name(), r)), NAME_EN));
        c.add(new Cls("obf.dotted", "obfuscation", "dotted letters \"J.a.n.e S.m.i.t.h\"", Classes::spaceNamed,
                (p, r) -> one(Forms.dotted(p.name(), r)), NAME_EN));
        c.add(new Cls("obf.emphasis", "obfuscation", "Markdown/HTML emphasis inside words \"Ja*ne* Smi**th**\"",
                Classes::spaceNamed, (p, r) -> one(Forms.emphasis(p.name(), r)), NAME_EN));
        c.add(new Cls("obf.homoglyph", "obfuscation", "Cyrillic/Greek look-alikes (Latin look-alikes in Cyrillic names)",
                p -> Forms.homoglyphable(p.name()), (p, r) -> one(Forms.homoglyph(p.name(), r)), NAME_EN));
        c.add(new Cls("obf.fullwidth", "obfuscation", "fullwidth letters", p -> p.latin(),
                (p, r) -> one(Forms.fullwidth(p.name(), r)), NAME_EN));
        c.add(new Cls("obf.invisible", "obfuscation", "zero-width space/joiner/non-joiner, soft hyphen, word joiner, BOM",
                p -> true, (p, r) -> one(Forms.invisible(p.name(), r)), NAME_EN));
        c.add(new Cls("obf.leet", "obfuscation", "leetspeak, light or heavy, ambiguous symbols (1 i/l, 0 o, 3 e, 4/@ a, 5/$ s, 7 t, 9 g, 8 b, | l)",
                p -> p.latin() && Forms.leetable(p.name()), (p, r) -> one(Forms.leet(p.name(), r)), NAME_EN));
        c.add(new Cls("obf.reversed", "obfuscation", "reversed: whole string or each word", Classes::spaceNamed,
                (p, r) -> one(Forms.reversed(p.name(), r)), NAME_EN));
        c.add(new Cls("obf.typo", "obfuscation", "one typing error in the longest name word", p -> p.latin(),
                (p, r) -> one(Forms.typo(p.name(), r)), NAME_EN));
        c.add(new Cls("obf.mixed", "obfuscation", "two disguises stacked (homoglyph+invisible, spaced lower-case, leet+emphasis, fullwidth+invisible, caps+homoglyph)",
                p -> p.latin() && Forms.leetable(p.name()), (p, r) -> one(Forms.mixed(p.name(), r)), NAME_EN));
        c.add(new Cls("obf.romanized", "obfuscation", "EXTRA (not in the project's list): native-script name written in Latin (BGN Russian, pinyin, Korean RR)",
                p -> p.loc().script() == Script.CYRILLIC || p.loc().script() == Script.HAN || p.loc().script() == Script.HANGUL,
                (p, r) -> one(Forms.plain(Forms.romanize(p))), NAME_EN));
        // --- e-mails
        c.add(new Cls("email.direct", "direct", "registered e-mail as is", p -> true,
                (p, r) -> one(Forms.email(local(p), domain(p))), EMAIL_EN));
        c.add(new Cls("email.case", "obfuscation", "e-mail with case changes", p -> true,
                (p, r) -> one(Forms.emailCase(local(p), domain(p), r)), EMAIL_EN));
        c.add(new Cls("email.spoken", "obfuscation", "spelled out / spaced punctuation: \"jane dot smith at x dot com\", \"(at)\", \"[dot]\", \" @ \"",
                p -> true, (p, r) -> one(Forms.emailSpoken(local(p), domain(p), r)), EMAIL_EN));
        // --- phones (registered in international format; see report)
        c.add(new Cls("phone.national", "direct", "national format of the country (libphonenumber NATIONAL)", p -> true,
                (p, r) -> one(Forms.digitsWith(p.phoneNational())), PHONE_EN));
        c.add(new Cls("phone.international", "direct", "international forms: +CC grouped, E.164, 00CC, +CC (0), (+CC)", p -> true,
                (p, r) -> one(Forms.phoneInternational(p, r)), PHONE_EN));
        c.add(new Cls("phone.separators", "obfuscation", "national digits with other separators (. - / none)", p -> true,
                (p, r) -> one(Forms.phoneSeparators(p, r)), PHONE_EN));
        c.add(new Cls("phone.regrouped", "obfuscation", "national digits regrouped in sizes the country does not use", p -> true,
                (p, r) -> one(Forms.phoneRegrouped(p, r)), PHONE_EN));
        c.add(new Cls("phone.fullwidth", "obfuscation", "fullwidth digits (and ＋ －)", p -> true,
                (p, r) -> one(Forms.phoneFullwidth(p, r)), PHONE_EN));
        c.add(new Cls("phone.one_by_one", "obfuscation", "one digit at a time: \"0 6 1 2\", \"0-6-1-2\", \"0, 6, 1\", \"zero six one\"", p -> true,
                (p, r) -> one(Forms.phoneOneByOne(p, r)), PHONE_EN));
        c.add(new Cls("phone.invisible", "obfuscation", "invisible characters between digits", p -> true,
                (p, r) -> one(Forms.phoneInvisible(p, r)), PHONE_EN));
        c.add(new Cls("identifier", "direct", "registered identifier, separators removed/changed, lower-case", p -> true,
                (p, r) -> one(Forms.identifierVariant(p.identifier(), r)), ID_EN));
        // --- encodings
        c.add(new Cls("enc.base64", "encoded", "base64 (standard or URL-safe) of name / e-mail / name+phone", p -> true,
                (p, r) -> one(Forms.base64(encodedSecret(p, r, false), r)), ENCODED_EN));
        c.add(new Cls("enc.hex", "encoded", "hex of the UTF-8 bytes (plain, spaced, \\x, 0x)", p -> true,
                (p, r) -> one(Forms.hex(encodedSecret(p, r, false), r)), ENCODED_EN));
        c.add(new Cls("enc.url", "encoded", "URL-encoding (every byte, or browser-style with %20/+)", p -> true,
                (p, r) -> one(Forms.url(encodedSecret(p, r, false), r)), ENCODED_EN));
        c.add(new Cls("enc.html", "encoded", "HTML character references (decimal, hex, named, mixed with plain)", p -> true,
                (p, r) -> one(Forms.html(encodedSecret(p, r, false), r)), ENCODED_EN));
        c.add(new Cls("enc.rot13", "encoded", "ROT13 of name / e-mail", p -> Forms.asciiLatin(p.name()),
                (p, r) -> one(Forms.rot13(encodedSecret(p, r, true))), ENCODED_EN));
        c.add(new Cls("enc.json_u", "encoded", "\\uXXXX escapes (all characters, or non-ASCII and some letters)", p -> true,
                (p, r) -> one(Forms.jsonEscape(encodedSecret(p, r, false), r)), ENCODED_EN));
        return c;
    }

    static String local(Person p) {
        return p.email().substring(0, p.email().indexOf('@'));
    }

    static String domain(Person p) {
        return p.email().substring(p.email().indexOf('@') + 1);
    }

    /** Title case helper for reports. */
    static String upperFirst(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
