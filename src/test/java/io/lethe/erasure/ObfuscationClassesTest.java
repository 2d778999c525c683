package io.lethe.erasure;

import io.lethe.decode.DecodingDetector;
import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.Nicknames;
import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.GuardStage;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.DecidedFinding;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.rules.GuardRules;
import io.lethe.rules.RulesPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The obfuscation classes of issue 11 and of the untuned evaluation, each as a whole kind with inputs of its own
 * (invented people): every form is found for its erasure at the exact UTF-16 span marked in the row with
 * {@code ⟦ ⟧}, the whole answer is redacted there and nowhere else, and a stream in chunks of 1 to 7 chars
 * gives the same text as the whole answer. Ordinary text that looks like some of these forms stays unchanged.
 */
class ObfuscationClassesTest {

    /** Invented people: erasure id and what it registers. */
    static final List<Object[]> PEOPLE = List.of(
            new Object[] {"p-corwin", new CompiledErasures.Spec(List.of("Corwin Ashdale"), null,
                    List.of("corwin.ashdale@example.org", "c.ashdale@mail.example.org", "cashdale@example.net",
                            "c-ashdale@example.org"),
                    List.of("+82 31-110-9310", "+44 7457 777341", "+55 53 96242-9185"), List.of("QX-7742-1093"))},
            new Object[] {"p-greta", new CompiledErasures.Spec(List.of("Greta Louise Lindqvist"), List.of("Dr. Vex"),
                    List.of("greta_lindqvist@example.se"), List.of("+33 2 55 10 02 29"), List.of("MI291-1272"))},
            new Object[] {"p-miranda", new CompiledErasures.Spec(List.of("Miranda Quillsworth"), null, null, null, null)},
            new Object[] {"p-mallory", new CompiledErasures.Spec(List.of("Mallory Quenby"), null, null, null, null)},
            new Object[] {"p-oskar", new CompiledErasures.Spec(List.of("Oskar Pelkonen"), null, null, null, null)},
            new Object[] {"p-brigid", new CompiledErasures.Spec(List.of("Brigid Tessaly"), null, null, null, null)},
            new Object[] {"p-yaroslava", new CompiledErasures.Spec(List.of("Ярослава Белозёрова"), null, null, null, null)},
            new Object[] {"p-vsevolod", new CompiledErasures.Spec(List.of("Всеволод Мясоедов"), null, null, null, null)},
            new Object[] {"p-theodora", new CompiledErasures.Spec(List.of("Θεοδώρα Καλλιγά"), null, null, null, null)},
            new Object[] {"p-nizar", new CompiledErasures.Spec(List.of("نزار الحلواني"), null, null, null, null)},
            new Object[] {"p-jaemin", new CompiledErasures.Spec(List.of("선우 재민"), null, null, null, null)},
            new Object[] {"p-mingyuan", new CompiledErasures.Spec(List.of("左丘明远"), null, null, null, null)},
            // "M@173" reads "maite" and "malte": both readings start their names
            new Object[] {"p-malte", new CompiledErasures.Spec(List.of("Malte Blom"), null, null, null, null)},
            new Object[] {"p-lorette", new CompiledErasures.Spec(List.of("Lorette McAllistair"), null, null, null, null)},
            new Object[] {"p-aine", new CompiledErasures.Spec(List.of("Áine O'Brannagh"), null, null, null, null)},
            new Object[] {"p-nana", new CompiledErasures.Spec(List.of("横山 奈々"), null, null, null, null)},
            new Object[] {"p-goetz", new CompiledErasures.Spec(List.of("Jördis Götzmann"), null, null, null, null)},
            new Object[] {"p-maite", new CompiledErasures.Spec(List.of("Maitê Junqueira"), null, null, null, null)},
            new Object[] {"p-haram", new CompiledErasures.Spec(List.of("류하람"), null, null, null, null)},
            new Object[] {"p-menglan", new CompiledErasures.Spec(List.of("柯梦岚"), null, null, null, null)},
            new Object[] {"p-xiaolan", new CompiledErasures.Spec(List.of("欧阳晓岚"), null, null, null, null)},
            // 乐正 is a compound surname of the Hundred Family Surnames (a three-char name: no two-char cut is tried)
            new Object[] {"p-lezheng", new CompiledErasures.Spec(List.of("乐正琦"), null, null, null, null)},
            new Object[] {"p-hanako", new CompiledErasures.Spec(List.of("ヤマダ ハナコ"), null, null, null, null)},
            new Object[] {"p-lucja", new CompiledErasures.Spec(List.of("Łucja Żmudzka"), null, null, null, null)},
            new Object[] {"p-rosalind", new CompiledErasures.Spec(List.of("Rosalind Achterberg"), null, null, null, null)},
            new Object[] {"p-ilsa", new CompiledErasures.Spec(List.of("Ilsa Bell"), null, null, null, null)},
            new Object[] {"p-til", new CompiledErasures.Spec(List.of("Til Brennock"), null, null, null, null)},
            // "Mravick" and "Marvik" are registered name words too (a typo of Marvick either way)
            new Object[] {"p-orsolya", new CompiledErasures.Spec(List.of("Orsolya Marvick"), null, null, null, null)},
            new Object[] {"p-teodor", new CompiledErasures.Spec(List.of("Teodor Mravick"), null, null, null, null)},
            new Object[] {"p-ivo", new CompiledErasures.Spec(List.of("Ivo Marvik"), null, null, null, null)},
            new Object[] {"p-kamiyah", new CompiledErasures.Spec(List.of("Ka'miyah Dellaroux"), null, null, null, null)},
            new Object[] {"p-lise", new CompiledErasures.Spec(List.of("Lise-Mariel Tornqvist-Abay"), null, null, null, null)},
            // romanized "Bo Si": "$1.60" read in leetspeak spells "si bo" (untuned evaluation, dev split)
            new Object[] {"p-bosi", new CompiledErasures.Spec(List.of("伯思"), null, null, null, null)},
            new Object[] {"p-evander", new CompiledErasures.Spec(List.of("Evander Thistlewood"), null,
                    List.of("mbx4471@example.org"), null, null)});

    static final ScanContext CTX = new ScanContext("r", "m", null, null);
    static final GuardPipeline PIPELINE = pipeline();

    static GuardPipeline pipeline() {
        return pipeline(PEOPLE);
    }

    /** The erasure stage over {@code people} ({id, spec} pairs) and the decoding stage over it, no rules. */
    static GuardPipeline pipeline(List<Object[]> people) {
        List<CompiledErasures.Spec> specs = new ArrayList<>();
        List<ErasureStage.Entry> entries = new ArrayList<>();
        for (Object[] p : people) {
            specs.add((CompiledErasures.Spec) p[1]);
            entries.add(new ErasureStage.Entry((String) p[0], null, Erasure.Scope.EVERYWHERE, null, false));
        }
        ErasureStage stage = new ErasureStage(CompiledErasures.build(specs, Nicknames.shipped(), "US"),
                entries.toArray(new ErasureStage.Entry[0]), new BitSet(), CompiledErasures.empty(),
                new ErasureStage.Entry[0], Map.of());
        return new GuardPipeline(List.<GuardStage>of(stage, DecodingDetector.stage(List.of(stage))),
                new RulesPolicy(new GuardRules(null, null, List.of())));
    }

    /**
     * Checks a row: {@code marked} is a text with the span that must be found for {@code id} between ⟦ and ⟧.
     * Returns what is wrong, or null.
     */
    static String check(String id, String marked) {
        return check(PIPELINE, id, marked, true);
    }

    /**
     * {@link #check(String, String)} through another pipeline; with {@code quote} false the answer names ids,
     * offsets and lengths only (for rows that hold registered addresses or numbers).
     */
    static String check(GuardPipeline pipeline, String id, String marked, boolean quote) {
        int s = marked.indexOf('⟦');
        int e = marked.indexOf('⟧') - 1;
        String text = marked.replace("⟦", "").replace("⟧", "");
        GuardSession whole = pipeline.open(CTX, null);
        String redacted = whole.scanWhole(Channel.content(0), text);
        List<Finding> found = whole.findings().stream().map(DecidedFinding::finding).toList();
        boolean exact = found.stream().anyMatch(f -> id.equals(f.erasureId()) && f.start() == s && f.end() == e);
        if (!exact) {
            return "no finding of " + id + " at " + s + "-" + e + (quote ? " in [" + text + "]" : "") + ": "
                    + found.stream().map(f -> f.erasureId() + "@" + f.start() + "-" + f.end()).toList();
        }
        String expected = text.substring(0, s) + "[REDACTED]" + text.substring(e);
        if (!redacted.equals(expected)) {
            return quote ? "whole [" + text + "] → [" + redacted + "]"
                    : "whole redaction differs (" + redacted.length() + " chars, expected " + expected.length() + ")";
        }
        return streamedLikeWhole(pipeline, text, expected, quote);
    }

    /** Null when every chunking of {@code text} into pieces of 1 to 7 chars streams {@code expected}. */
    static String streamedLikeWhole(String text, String expected) {
        return streamedLikeWhole(PIPELINE, text, expected);
    }

    /** {@link #streamedLikeWhole(String, String)} through another pipeline. */
    static String streamedLikeWhole(GuardPipeline pipeline, String text, String expected) {
        return streamedLikeWhole(pipeline, text, expected, true);
    }

    /** {@link #streamedLikeWhole(GuardPipeline, String, String)}; with {@code quote} false, lengths only. */
    static String streamedLikeWhole(GuardPipeline pipeline, String text, String expected, boolean quote) {
        for (int size = 1; size <= 7; size++) {
            GuardSession s = pipeline.open(CTX, null);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < text.length(); i += size) {
                out.append(s.append(Channel.content(0), text.substring(i, Math.min(text.length(), i + size))).text());
            }
            out.append(s.finish(Channel.content(0)).text());
            if (!out.toString().equals(expected)) {
                return "streamed in chunks of " + size + (quote ? " [" + text + "] → [" + out + "], whole [" + expected + "]"
                        : ": " + out.length() + " chars, whole " + expected.length());
            }
        }
        return null;
    }

    /**
     * A name percent-encoded in a link's destination, an HTML attribute or a LaTeX url (red team 13 F8): found
     * whatever follows it, and redacted to where the name ends, so the link's closing bracket and the links
     * after it stay. Whole and streamed alike.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "See [a](https://x.org/Corwin%20Ashdale)then go. | See [a](https://x.org/[REDACTED])then go.",
            "See [p](https://x.org/people/Corwin%20Ashdale) now. | See [p](https://x.org/people/[REDACTED]) now.",
            "^Sources: [a](https://x.org/Corwin%20Ashdale)[b](https://n.example/r-2026)[c](https://g.example/f).^"
                    + " | ^Sources: [a](https://x.org/[REDACTED])[b](https://n.example/r-2026)[c](https://g.example/f).^",
            "[a](https://x.org/Corwin%20Ashdale)(mirror: https://archive.example/1) end."
                    + " | [a](https://x.org/[REDACTED])(mirror: https://archive.example/1) end.",
            "\\url{https://x.org/p/Corwin%20Ashdale} and more | \\url{https://x.org/p/[REDACTED]} and more",
            "^See <a href=\"/p/Corwin%20Ashdale\">her</a> now.^ | ^See <a href=\"/p/[REDACTED]\">her</a> now.^",
            "\\href{https://x.org/p/Corwin%20Ashdale}{her} | \\href{https://x.org/p/[REDACTED]}{her}",
    })
    void percentEncodedNamesInLinksAreRedactedToTheirEnd(String text, String expected) {
        GuardSession s = PIPELINE.open(CTX, null);
        assertThat(s.scanWhole(Channel.content(0), text)).isEqualTo(expected);
        assertThat(streamedLikeWhole(text, expected)).isNull();
    }

    /**
     * Quoted-printable (RFC 2045), as a model writes a MIME body or an encoded-word header (red team 17 R17-8):
     * "=20" between letters and UTF-8 "=HH" sequences read as their chars; "=20" before a space or a digit, and
     * single bytes other than a space, stay as written.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "Name: Corwin=20Ashdale | Name: [REDACTED]",
            "Subject: =?UTF-8?Q?Corwin=20Ashdale?= | Subject: =?UTF-8?Q?[REDACTED]?=",
            "Greta=20Louise=20Lindqvist wrote. | [REDACTED] wrote.",
            "J=C3=B6rdis=20G=C3=B6tzmann signed. | [REDACTED] signed.",
            "n=20 people; a=B2; x=41 | n=20 people; a=B2; x=41",
            "Corwin=3DAshdale? | Corwin=3DAshdale?",
            "J=c3=b6rdis G=c3=b6tzmann | J=c3=b6rdis G=c3=b6tzmann",  // lower-case hex is no quoted-printable
    })
    void quotedPrintable(String text, String expected) {
        GuardSession s = PIPELINE.open(CTX, null);
        assertThat(s.scanWhole(Channel.content(0), text)).isEqualTo(expected);
        assertThat(streamedLikeWhole(text, expected)).isNull();
    }

    /**
     * Base64 wrapped at a fixed width over lines, as MIME and PEM write it (red team 17 R17-8): the lines are
     * decoded as one run and the whole block is redacted; a block of other lines or a ragged one stays.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "^Q29yd2lu\nIEFzaGRh\nbGU=^ | ^[REDACTED]^",
            "^Body:\r\nQ29yd2lu\r\nIEFzaGRh\r\nbGU=\r\nEnd.^ | ^Body:\r\n[REDACTED]\r\nEnd.^",
            "^RGVhciB0ZWFtLCB0aGUgY29udGFjdCBmb3IgdGhlIGF1ZGl0IGlzIENvcndpbiBB\nc2hkYWxlLCB3aG8gd3JvdGUgdGhlIHJlcG9ydCBsYXN0IHNwcmluZy4=\nThanks.^"
                    + " | ^[REDACTED]\nThanks.^",
            // lines of one word each, and base64 of other text, stay
            "^Contents\nChapter one\nPreface^ | ^Contents\nChapter one\nPreface^",
            "^SGVsbG8s\nIHdvcmxk\nIQ==^ | ^SGVsbG8s\nIHdvcmxk\nIQ==^",
    })
    void base64WrappedOverLines(String text, String expected) {
        text = text.replace("\\r", "\r").replace("\\n", "\n");
        expected = expected.replace("\\r", "\r").replace("\\n", "\n");
        GuardSession s = PIPELINE.open(CTX, null);
        assertThat(s.scanWhole(Channel.content(0), text)).isEqualTo(expected);
        assertThat(streamedLikeWhole(text, expected)).isNull();
    }

    /** A table rule between a number's groups (red team 13 F4): the rows above use it as their delimiter. */
    @org.junit.jupiter.api.Test
    void phoneGroupsPartedByTableRules() {
        assertThat(check("p-corwin", "Call ⟦031|110|9310⟧ today.")).isNull();
        // with a space on each side the bars are cell borders: each group is redacted, the bars stay (CellRedactionTest)
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = ';', value = {
            // issue 11, item 3: per-character alternatives (1 is i or l, 6 is g or b, ...)
            "p-corwin   ; It was ⟦C0rw1n A5hda1e⟧ who wrote it.",
            "p-corwin   ; It was ⟦C0rw1n 4shd4l3⟧ who wrote it.",
            "p-greta    ; It was ⟦9ret4 L1ndqv15t⟧ who wrote it.",
            "p-greta    ; It was ⟦6ret@ L|ndqv!$t⟧ who wrote it.",
            "p-mallory  ; It was ⟦Ma11ory Quenby⟧ who wrote it.",
            "p-mallory  ; It was ⟦M4||0ry Qu3n8y⟧ who wrote it.",
            "p-mallory  ; It was ⟦M@1|0ry Qu3n6y⟧ who wrote it.",
            "p-brigid   ; It was ⟦8r!9!d 7e55a1y⟧ who wrote it.",
            "p-brigid   ; It was ⟦6ri6id Tessaly⟧ who wrote it.",
            "p-oskar    ; It was ⟦0$kar Pe1k0nen⟧ who wrote it.",
            // a word of digits and symbols only
            "p-mallory  ; It was ⟦M4110ry Qu3n8y⟧ who wrote it.",
            "p-ilsa     ; It was ⟦!15@ 8311⟧ who wrote it.",
            "p-ilsa     ; It was ⟦!|$4 83||⟧ who wrote it.",
            // a final "!" is a letter or punctuation
            "p-brigid   ; Who wrote it? ⟦8r!g!d Te$$4ly⟧!",
            "p-corwin   ; Who wrote it? ⟦C0rw!n Ashd4le⟧!",
            // leetspeak with emphasis inside the words
            "p-brigid   ; It was ⟦8r*!9*!d 7~~e55~~a1y⟧ who wrote it.",
            "p-malte    ; The editor thanked ⟦M@173 8|0m⟧ for it.",
            "p-maite    ; The editor thanked ⟦M@173 Junqu3ir4⟧ for it.",
            // a letter after a symbol ends its word, the next one has emphasis inside: no spaced-letter run
            "p-brigid   ; It was ⟦8r!g!d 7**e**55@1y⟧ who wrote it.",
            "p-ilsa     ; It was ⟦!|$a 8**e**||⟧ who wrote it.",
            // a word of a digit and two symbols: only its last char may be punctuation
            "p-til      ; It was ⟦7!| 8r3nn0ck⟧ who wrote it.",
            "p-til      ; Who wrote it? ⟦7!| Br3nn0ck⟧!",
            // a leet digit before an apostrophe is part of the word ("0'" is "O'")
            "p-aine     ; It was ⟦A1n3 0'8r4nn4gh⟧ who wrote it.",
            "p-aine     ; It was ⟦Áine 0'Brannagh⟧ who wrote it.",
    })
    void leetspeakWithAmbiguousSymbols(String id, String marked) {
        assertThat(check(id.strip(), marked.strip())).isNull();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "p-nizar    | It was ⟦نز_ّ_ار الحلواني⟧ who wrote it.",  // emphasis around a mark (a shadda) only
            // issue 11, item 4
            "p-greta    | It was ⟦Gre_ta_ Lindqvist⟧ who wrote it.",
            "p-corwin   | It was ⟦Cor*win* Ashdale⟧ who wrote it.",
            "p-corwin   | It was ⟦Corwin Ash**dale**⟧ who wrote it.",
            "p-corwin   | It was ⟦Cor<strong>win</strong> Ash<em>dale</em>⟧ who wrote it.",
            "p-mallory  | It was ⟦Mal__lory__ Quen_by_⟧ who wrote it.",
            "p-mallory  | It was ⟦Mall_or_y Qu__en__by⟧ who wrote it.",
            "p-mallory  | It was ⟦~~Mal~~lory Quen`by`⟧ who wrote it.",
            "p-oskar    | It was ⟦Os<span>kar</span> Pel<b>kon</b>en⟧ who wrote it.",
            // emphasis next to leetspeak symbols, which are letters of the word they stand in
            "p-corwin   | It was ⟦C0r_w1n_ 4$__hd@l3__⟧ who wrote it.",
            // a word spaced out with one separator, the next with its second letter in emphasis markers
            "p-corwin   | It was ⟦C_o_r_w_i_n A**s**hdale⟧ who wrote it.",
            "p-nizar    | It was ⟦ن_ز_ا_ر ا~~ل~~حلواني⟧ who wrote it.",
    })
    void emphasisInsideWords(String id, String marked) {
        assertThat(check(id.strip(), marked.strip())).isNull();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            // issue 11, item 5
            "p-corwin   | Write to ⟦corwin.ashdale at example . org⟧ for the files.",
            "p-corwin   | Write to ⟦c.ashdale (at) mail . example . org⟧ for the files.",
            "p-corwin   | Write to ⟦cashdale AT example . net⟧ for the files.",
            "p-corwin   | Write to ⟦corwin . ashdale {at} example . org⟧ for the files.",
            "p-corwin   | Write to ⟦corwin dot ashdale <at> example dot org⟧ for the files.",
            "p-corwin   | Write to ⟦c dash ashdale at example dot org⟧ for the files.",
            "p-corwin   | Write to ⟦corwin.ashdale @ example.org⟧ for the files.",
            // a stray space before the domain's dot (red team 15 R13)
            "p-corwin   | Write to ⟦cashdale@example .net⟧ for the files.",
            "p-corwin   | Write to ⟦c.ashdale@mail .example.org⟧ for the files.",
            // a stray space after the "@", after a domain's dot, or inside the domain's first label (red team 16 N4)
            "p-corwin   | Write to ⟦cashdale@ example.net⟧ for the files.",
            "p-corwin   | Write to ⟦cashdale@example. net⟧ for the files.",
            "p-corwin   | Write to ⟦cashdale@exam ple.net⟧ for the files.",
            "p-corwin   | Write to ⟦c.ashdale@ mail. example.org⟧ for the files.",
            "p-greta    | Write to ⟦greta underscore lindqvist at example dot se⟧ for the files.",
            "p-greta    | Write to ⟦greta _ lindqvist [at] example [dot] se⟧ for the files.",
            // in angle brackets, where "<c dot ...>" could pass for an HTML tag with bare attributes
            "p-corwin   | Reply-to address: <⟦c dot ashdale at mail dot example dot org⟧>",
            "p-corwin   | Reply-to address: ⟦<i>c dot ashdale at mail dot example dot org</i>⟧",
            // other languages' words for "@" and "." (the dots only after the "@": "at this point" stays prose)
            "p-corwin   | Escribe a ⟦corwin.ashdale arroba example punto org⟧ hoy.",
            "p-corwin   | Écrivez à ⟦c.ashdale arobase mail point example point org⟧ demain.",
            "p-corwin   | Schreib an ⟦cashdale Klammeraffe example Punkt net⟧ heute.",
            "p-corwin   | Scrivi a ⟦corwin.ashdale chiocciola example punto org⟧ oggi.",
            // a sub-address tag (RFC 5233) on a registered mailbox
            "p-corwin   | Write to ⟦corwin.ashdale+newsletters@example.org⟧ for the files.",
            "p-corwin   | Write to ⟦c.ashdale+x@mail.example.org⟧ for the files.",
            // a mailbox that is no name: held from its start while the part before the tag could begin it
            "p-evander  | Write to ⟦mbx4471+news@example.org⟧ please.",
            "p-evander  | Mail ⟦mbx4471+x@example.org⟧",
            "p-evander  | Write to ⟦mbx4471%2Bnews@example.org⟧ please.",
            "p-evander  | Tags: ⟦mbx4471+a+b@example.org⟧ too.",
    })
    void spokenEmailsWithSpacedPunctuation(String id, String marked) {
        assertThat(check(id.strip(), marked.strip())).isNull();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            // issue 11, item 6: a Korean number registered as "+82 31-110-9310", national "031-110-9310"
            "p-corwin   | Call ⟦０３１－１１０－９３１０⟧ today.",
            "p-corwin   | Call ⟦0\u200B3\u200B1-1\u200B1\u200B0-9\u200B3\u200B1\u200B0⟧ today.",
            "p-corwin   | Call ⟦0 3 1 1 1 0 9 3 1 0⟧ today.",
            "p-corwin   | Call ⟦0, 3, 1, 1, 1, 0, 9, 3, 1, 0⟧ today.",
            "p-corwin   | Call ⟦031.110.93.10⟧ today.",
            "p-corwin   | Call ⟦zero three one one one zero nine three one zero⟧ today.",
            "p-corwin   | Call ⟦Zero, three, one, one, one, zero, nine, three, one, zero⟧ today.",
            "p-corwin   | Call ⟦null drei eins eins eins null neun drei eins null⟧ today.",
            "p-corwin   | Call ⟦zéro trois un un un zéro neuf trois un zéro⟧ today.",
            "p-corwin   | Call ⟦٠٣١١١٠٩٣١٠⟧ today.",
            "p-corwin   | Call ⟦০৩১-১১০-৯৩১০⟧ today.",
            "p-corwin   | Call ⟦031—110—9310⟧ today.",
            "p-corwin   | Call ⟦031 – 110 − 9310⟧ today.",
            // the United Kingdom number +44 7457 777341
            "p-corwin   | His number is ⟦+4, 4, 7, 4, 5, 7, 7, 7, 7, 3, 4, 1⟧, but he rarely answers.",
            "p-corwin   | His number is ⟦four four seven four five seven seven seven seven three four one⟧.",
            // some groups spelled out, some in digits (red team 11 #7)
            "p-corwin   | His number is ⟦+44 seven four five seven 777341⟧.",
            "p-corwin   | Call ⟦031 one one zero 9310⟧ today.",
            "p-corwin   | Call ⟦zero-three-one 110 9310⟧ today.",
            // "double" and "triple", as a number is read aloud (red team 12 E)
            "p-corwin   | Call ⟦031 one one zero nine three one zero⟧ today.",
            "p-corwin   | Call ⟦zero three triple one zero nine three one zero⟧ today.",
            "p-corwin   | Call ⟦03 triple one 0 9310⟧ today.",
            "p-corwin   | Call ⟦031-double one-0-9310⟧ today.",
            // teens, tens, "hundred" and "thousand", as numbers are also read (red team 12 E)
            "p-corwin   | Call ⟦zero three one, one ten, ninety-three ten⟧ today.",
            "p-corwin   | Call ⟦oh thirty-one, one hundred ten, nine thousand three hundred ten⟧ today.",
            "p-corwin   | Call ⟦031 110 ninety-three ten⟧ today.",
            // British "and" after "hundred" and "thousand" (red team 15 R4)
            "p-corwin   | Call ⟦oh thirty-one, one hundred and ten, nine thousand three hundred and ten⟧ today.",
            "p-corwin   | Call ⟦zero three one, one hundred and ten, ninety-three ten⟧ today.",
            "p-corwin   | Call ⟦031 one hundred AND ten 9310⟧ today.",
            // groups joined by arrows, signs and brackets (red team 15 R2)
            "p-corwin   | Call ⟦031 → 110 → 9310⟧ today.",
            "p-corwin   | Call ⟦031 ... 110 ... 9310⟧ today.",
            "p-corwin   | Call ⟦Zero Thirty One, One Ten, Ninety Three Ten⟧ today.",
            "p-corwin   | His number is ⟦four four, seventy-four fifty-seven, seven seven seven, three forty-one⟧.",
            "p-corwin   | His number is ⟦+44 seventy-four fifty-seven 777341⟧.",
            "p-corwin   | Tel. ⟦fifty-three, nine six two four two, ninety-one eighty-five⟧, evenings",
            "p-corwin   | Tel. ⟦fifty three, ninety-six two forty-two, ninety-one eighty-five⟧, evenings",
            // groups read out with commas and spaces, other separators, CJK numerals, Swedish words, groups of
            // words in brackets (red team 13 F4, F5)
            "p-corwin   | Call ⟦031, 110, 9310⟧ today.",
            "p-corwin   | Call ⟦031 , 110 , 9310⟧ today.",
            "p-corwin   | Call ⟦031;110;9310⟧ today.",
            "p-corwin   | Call ⟦031 : 110 : 9310⟧ today.",
            "p-corwin   | Call ⟦031#110#9310⟧ today.",
            "p-corwin   | Call ⟦031・110・9310⟧ today.",
            "p-corwin   | Call ⟦031•110•9310⟧ today.",
            "p-corwin   | Call ⟦nought three one one one nought nine three one nought⟧ today.",
            "p-greta    | Tel. ⟦null zwo fünf fünf eins null null zwo zwo neun⟧, abends",
            "p-corwin   | Call ⟦031ー110ー9310⟧ today.",
            "p-corwin   | Call ⟦〇三一 一一〇 九三一〇⟧ today.",
            "p-corwin   | Call ⟦〇三一ー一一〇ー九三一〇⟧ today.",
            "p-corwin   | 電話は⟦零三一一一零九三一零⟧です。",
            "p-corwin   | Ring ⟦noll tre ett ett ett noll nio tre ett noll⟧ now.",
            "p-corwin   | Call ⟦zero three one) one one zero - nine three one zero⟧ today.",
            // letters written for the digits they look like (red team 12 E)
            "p-corwin   | Call ⟦O31-11O-931O⟧ today.",
            "p-corwin   | Call ⟦031-110-93l0⟧ today.",
            "p-corwin   | Call ⟦O3I 11O 93IO⟧ today.",
            "p-corwin   | His number is ⟦+44 7457 77734l⟧.",
            "p-corwin   | Tel. ⟦(53) 96242-9l85⟧, evenings",
            "p-corwin   | Tel. ⟦53 96242 9l85⟧, evenings",
            // a number after "(" or "+": the stream holds them (the evaluation's stream!=whole cases)
            "p-corwin   | Tel. ⟦(53) 96242-9185⟧ (evenings only)",
            "p-greta    | Tel. ⟦(+33) 255100229⟧ (evenings only)",
            "p-corwin   | Tel. ⟦(0\u200B5\u200B3) 9\u200B6\u200B2\u200B4\u200B2-9\u200B1\u200B8\u200B5⟧, evenings",
    })
    void phonesInNationalFormatsObfuscated(String id, String marked) {
        assertThat(check(id.strip(), marked.strip())).isNull();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            // issue 11, item 7
            "p-greta    | Signed ⟦G.r.e.t.a L.i.n.d.q.v.i.s.t⟧, in May.",
            "p-greta    | Signed ⟦G.r.e.t.a. L.i.n.d.q.v.i.s.t⟧., in May.",
            "p-greta    | Signed ⟦Dr. Vex⟧ in May.",
            "p-greta    | Signed ⟦Dr Vex⟧ in May.",
            "p-greta    | Signed ⟦Dr.Vex⟧ in May.",
            "p-greta    | Signed ⟦D r .  V e x⟧ in May.",
            "p-greta    | Signed ⟦g. l. lindqvist⟧ in May.",
            "p-greta    | Signed ⟦G. L. Lindqvist⟧ in May.",
            "p-greta    | Signed ⟦greta l. lindqvist⟧ in May.",
    })
    void dottedAndTitledNames(String id, String marked) {
        assertThat(check(id.strip(), marked.strip())).isNull();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "p-corwin   | I found ⟦c o r w i n / a s h d a l e⟧, who left.",
            "p-corwin   | I found ⟦C o r w i n / A s h d a l e⟧, who left.",
            "p-corwin   | I found ⟦c o r w i n   a s h d a l e⟧, who left.",
            "p-corwin   | I found ⟦C-o-r-w-i-n  A-s-h-d-a-l-e⟧, who left.",
            "p-greta    | I found ⟦g r e t a / l o u i s e / l i n d q v i s t⟧, who left.",
            "p-yaroslava | I found ⟦я р о с л а в а / б е л о з ё р о в а⟧, who left.",
    })
    void spacedNamesInLowerCaseAndWithSlashes(String id, String marked) {
        assertThat(check(id.strip(), marked.strip())).isNull();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            // Cyrillic and Greek names dotted, spaced, with invisible chars, with Latin look-alikes mixed in
            "p-yaroslava | Listed: ⟦Я.Р.О.С.Л.А.В.А. Б.Е.Л.О.З.Ё.Р.О.В.А⟧. joined.",
            "p-yaroslava | Listed: ⟦Я\u200Bр\u200Bо\u200Bс\u200Bл\u200Bа\u200Bв\u200Bа Б\u200Bе\u200Bл\u200Bо\u200Bз\u200Bё\u200Bр\u200Bо\u200Bв\u200Bа⟧ joined.",
            "p-yaroslava | Listed: ⟦Яpocлaвa Бeлoзёpoвa⟧ joined.",
            "p-yaroslava | Listed: ⟦ЯPOCЛABA БEЛOЗЁPOBA⟧ joined.",
            "p-vsevolod  | Listed: ⟦Bceвoлoд Mяcoeдoв⟧ joined.",
            "p-vsevolod  | Listed: ⟦ВСЕВОЛОД МЯСОЕДОВ⟧ joined.",
            "p-theodora  | Listed: ⟦Θεoδώρα Kαλλιγά⟧ joined.",
            "p-theodora  | Listed: ⟦Θ ε ο δ ώ ρ α  Κ α λ λ ι γ ά⟧ joined.",
            "p-nizar     | Listed: ⟦ن\u200Bز\u200Bا\u200Bر ا\u00ADل\uFEFFح\u2060ل\u200Dو\u200Cا\u200Bن\u200Bي⟧ joined.",
            "p-nizar     | Listed: ⟦نِزار الحُلواني⟧ joined.",
            // Latin names written with Greek and Cyrillic look-alikes, lower case ones included ("κ", "т")
            "p-oskar     | Listed: ⟦Οsκar Pelκonen⟧ joined.",
            "p-oskar     | Listed: ⟦Оѕкаr Реlкоnеn⟧ joined.",
            "p-mallory   | Listed: ⟦Μallory Quenbу⟧ joined.",
            // small capitals, "ǫ" standing in for the Q they lack (red team 11)
            "p-mallory   | Listed: ⟦ᴍᴀʟʟᴏʀʏ ǫᴜᴇɴʙʏ⟧ joined.",
            "p-mallory   | Listed: ⟦Mᴀʟʟᴏʀʏ Qᴜᴇɴʙʏ⟧ joined.",
            "p-lucja     | Listed: ⟦L u c j a  Z m u d z k a⟧ joined.",
            "p-lucja     | Listed: ⟦Łucja Żmudzka⟧ joined.",
    })
    void nonLatinNamesAndLookAlikes(String id, String marked) {
        assertThat(check(id.strip(), marked.strip())).isNull();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "p-corwin    | Archive: ⟦niwroC eladhsA⟧ joined.",
            "p-corwin    | Archive: ⟦eladhsA niwroC⟧ joined.",
            "p-mallory   | Archive: ⟦yrollaM ybneuQ⟧ joined.",
            "p-yaroslava | Archive: ⟦авалсорЯ аворёзолеБ⟧ joined.",
            "p-evander   | Archive: ⟦dooweltsihT rednavE⟧ joined.",
            "p-evander   | Archive: ⟦dooweltsihT rednavE⟧",
    })
    void namesWrittenBackwards(String id, String marked) {
        assertThat(check(id.strip(), marked.strip())).isNull();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            // Russian, BGN/PCGN
            "p-vsevolod  | I found ⟦Vsevolod Myasoyedov⟧, who left.",
            "p-vsevolod  | I found ⟦Myasoyedov Vsevolod⟧, who left.",
            "p-yaroslava | I found ⟦Yaroslava Belozerova⟧, who left.",
            // Greek, BGN/PCGN and ELOT 743
            "p-theodora  | I found ⟦Theodhora Kalliga⟧, who left.",
            "p-theodora  | I found ⟦Theodora Kalliga⟧, who left.",
            // Korean, Revised Romanization, ICU and the usual surname spellings
            "p-haram     | I found ⟦Ryu Haram⟧, who left.",
            "p-haram     | I found ⟦Yoo Ha-ram⟧, who left.",
            "p-haram     | I found ⟦Haram Ryu⟧, who left.",
            "p-jaemin    | I found ⟦Seonu Jaemin⟧, who left.",
            "p-jaemin    | I found ⟦Seon-u Jaemin⟧, who left.",
            // a two-char surname that no list holds, written without a space: 左丘 + 明远
            "p-mingyuan  | I found ⟦Zuoqiu Mingyuan⟧, who left.",
            "p-mingyuan  | I found ⟦Mingyuan Zuoqiu⟧, who left.",
            "p-jaemin    | I found ⟦Jaemin Seon-u⟧, who left.",
            "p-jaemin    | I found ⟦Sunwoo Jae Min⟧, who left.",
            // Chinese, Hanyu Pinyin (a compound surname too)
            "p-menglan   | I found ⟦Ke Menglan⟧, who left.",
            "p-menglan   | I found ⟦Menglan Ke⟧, who left.",
            "p-menglan   | I found ⟦Ke Meng-lan⟧, who left.",
            "p-xiaolan   | I found ⟦Ouyang Xiaolan⟧, who left.",
            "p-lezheng   | I found ⟦Lezheng Qi⟧, who left.",  // dev split of seed 1234577
            "p-lezheng   | I found ⟦Yuezheng Qi⟧, who left.",
            "p-lezheng   | I found ⟦Qi Lezheng⟧, who left.",
            // Japanese kana
            "p-hanako    | I found ⟦Yamada Hanako⟧, who left.",
    })
    void romanizedNames(String id, String marked) {
        assertThat(check(id.strip(), marked.strip())).isNull();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            // a Korean name without the registered space, with a particle or an honorific glued to it
            "p-jaemin | 어제 ⟦선우재민⟧ 교수가 기자회견을 열었다.",
            "p-jaemin | 제가 알기로는 ⟦선우재민⟧의 전화번호는 바뀌었습니다.",
            "p-jaemin | 보도에 따르면 ⟦선우 재민⟧은 회사를 그만두었다.",
            "p-haram  | 보도에 따르면 ⟦류하람⟧은 회사를 그만두었다.",
            "p-haram  | ⟦류하람⟧씨에게서 들었다.",
            "p-haram  | 私は⟦류하람⟧と一緒に働いていました。",
            // Chinese names inside hanzi, a Japanese katakana name without its space
            "p-menglan | 我认识⟦柯梦岚⟧先生。",
            "p-xiaolan | 昨天⟦欧阳晓岚⟧来了。",
            "p-hanako  | ⟦ヤマダハナコ⟧さんは東京に住んでいます。",
            "p-hanako  | ⟦ヤマダ・ハナコ⟧さんは東京に住んでいます。",
    })
    void namesInScriptsWithoutSpaces(String id, String marked) {
        assertThat(check(id.strip(), marked.strip())).isNull();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "p-greta  | The passport number given was ⟦MI291 1272⟧.",
            "p-greta  | The passport number given was ⟦mi291 1272⟧.",
            "p-greta  | The passport number given was ⟦MI 291 1272⟧.",
            "p-greta  | The passport number given was ⟦MI2911272⟧.",
            "p-corwin | The file number on the claim is ⟦QX7742 1093⟧.",
            "p-corwin | The file number on the claim is ⟦QX 7742-1093⟧.",
            "p-corwin | The file number on the claim is ⟦qx.7742.1093⟧.",
    })
    void identifiersWithExtraSpaces(String id, String marked) {
        assertThat(check(id.strip(), marked.strip())).isNull();
    }

    /** Spellings and writings found by the untuned evaluation's unseen seeds (issue 11, item 12). */
    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            // a camel-case surname spaced or dotted: its inner capital is no word start
            "p-lorette | I found ⟦L o r e t t e / M c A l l i s t a i r⟧, who left.",
            "p-lorette | The list names ⟦L.o.r.e.t.t.e. M.c.A.l.l.i.s.t.a.i.r⟧ as the second.",
            "p-lorette | I found ⟦Lorette Mc Allistair⟧, who left.",
            // each word written backwards in its place, a word with an apostrophe too
            "p-lorette | Name: ⟦etteroL riatsillAcM⟧ here.",
            "p-aine    | Name: ⟦eniÁ hgannarB'O⟧ here.",
            // emphasis after an apostrophe
            "p-aine    | It was ⟦Áine O'__Branna__gh⟧ who wrote it.",
            // an ideographic iteration mark, a Korean honorific glued after a Japanese name
            "p-nana    | ⟦横山奈々⟧씨는 회의에 참석하지 않았습니다.",
            // spacing accents sprinkled into a name
            "p-corwin  | It was ⟦Coˋrwiˋn Ashdaˊle⟧ who wrote it.",
            // umlauts written out, all or some
            "p-goetz   | It was ⟦Joerdis Goetzmann⟧ who wrote it.",
            "p-goetz   | It was ⟦Jordis Goetzmann⟧ who wrote it.",
            "p-goetz   | It was ⟦Goetzmann, Joerdis⟧ who wrote it.",
            // two neighbouring letters swapped into another registered name word: still a typo of this name
            "p-orsolya | It was ⟦Orsolya Mravick⟧ who wrote it.",
            // an apostrophe spaced or dotted out with the letters, or left out
            "p-kamiyah | It was ⟦K a ' m i y a h   D e l l a r o u x⟧ who wrote it.",
            "p-kamiyah | It was ⟦K.a.'.m.i.y.a.h D.e.l.l.a.r.o.u.x⟧ who wrote it.",
            "p-kamiyah | It was ⟦k a ’ m i y a h / d e l l a r o u x⟧ who wrote it.",
            "p-kamiyah | It was ⟦Kamiyah Dellaroux⟧ who wrote it.",
            // a hyphenated name written as one word, in any form
            "p-lise    | It was ⟦LiseMariel Tornqvist-Abay⟧ who wrote it.",
            "p-lise    | It was ⟦Lisemariel TornqvistAbay⟧ who wrote it.",
            "p-lise    | It was ⟦TornqvistAbay, LiseMariel⟧ who wrote it.",
            "p-lise    | It was ⟦L. TornqvistAbay⟧ who wrote it.",
    })
    void spellingsAndWritingsFromTheUntunedEvaluation(String id, String marked) {
        assertThat(check(id.strip(), marked.strip())).isNull();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // the words joined as in a user name, a file name or a hashtag
            "p-evander | The file is ⟦evander_thistlewood⟧_cv.pdf here.",
            "p-evander | login: ⟦evander.thistlewood⟧ today",
            "p-evander | Trending: #⟦EvanderThistlewood⟧ now.",
            "p-evander | Trending: #⟦evanderthistlewood⟧ now.",
            "p-malte   | Trending: #⟦MalteBlom⟧ now.",
            "p-evander | It was ⟦Evander/Thistlewood⟧ who wrote it.",
            "p-evander | It was ⟦Evander:Thistlewood⟧ who wrote it.",
            "p-evander | It was ⟦Evander • Thistlewood⟧ who wrote it.",
            "p-evander | It was ⟦Evander·Thistlewood⟧ who wrote it.",
            // chars that show as nothing or as a box between the letters
            "p-evander | It was ⟦Evan\uE000der Thistle\uE000wood⟧ who wrote it.",
            "p-evander | It was ⟦Evander\uFFFD Thistlewood⟧ who wrote it.",
            "p-evander | It was ⟦Evan\uD83D\uDE42der Thistle\uD83D\uDE42wood⟧ who wrote it.",
            "p-evander | It was ⟦Evan\uD83D\uDE42\uD83D\uDE42der Thistle\uD83D\uDC4D\uD83C\uDFFDwood⟧ who wrote it.",
            "p-evander | It was ⟦Evan&#128578;der Thistle%F0%9F%99%82wood⟧ who wrote it.",
            "p-evander | It was ⟦Evan\uD83D\uDC68\u200D\uD83D\uDC69der Thistlewood⟧ who wrote it.",
            "p-evander | It was ⟦Evander\uD800 Thistlewood⟧ who wrote it.",
            "p-evander | It was ⟦\uDB40\uDC45\uDB40\uDC76\uDB40\uDC61\uDB40\uDC6E\uDB40\uDC64\uDB40\uDC65\uDB40\uDC72\uDB40\uDC20\uDB40\uDC54\uDB40\uDC68\uDB40\uDC69\uDB40\uDC73\uDB40\uDC74\uDB40\uDC6C\uDB40\uDC65\uDB40\uDC77\uDB40\uDC6F\uDB40\uDC6F\uDB40\uDC64⟧ who wrote it.",
            "p-evander | It was ⟦Evander \uDB40\uDC54\uDB40\uDC68\uDB40\uDC69\uDB40\uDC73\uDB40\uDC74\uDB40\uDC6C\uDB40\uDC65wood⟧ who wrote it.",
            "p-corwin  | Write to ⟦\uDB40\uDC63\uDB40\uDC6F\uDB40\uDC72\uDB40\uDC77\uDB40\uDC69\uDB40\uDC6E\uDB40\uDC2E\uDB40\uDC61\uDB40\uDC73\uDB40\uDC68\uDB40\uDC64\uDB40\uDC61\uDB40\uDC6C\uDB40\uDC65\uDB40\uDC40\uDB40\uDC65\uDB40\uDC78\uDB40\uDC61\uDB40\uDC6D\uDB40\uDC70\uDB40\uDC6C\uDB40\uDC65\uDB40\uDC2E\uDB40\uDC6F\uDB40\uDC72\uDB40\uDC67⟧ now.",
            "p-corwin  | Write to ⟦corwin.ash\uDB40\uDC78dale@example.org⟧ now.",
            // flags and escape pairs together; flag-shaped runs whose body no flag has (red team 10); an escaped
            // flag's own tags, dropped like markup, are taken with the name after them (the flag stays a flag emoji)
            "p-corwin | {\"name\": \"\\ud83c\\udff4⟦\\udb40\\udc67\\udb40\\udc62\\udb40\\udc73\\udb40\\udc63\\udb40\\udc74\\udb40\\udc7f\\udb40\\udc43\\udb40\\udc6f\\udb40\\udc72\\udb40\\udc77\\udb40\\udc69\\udb40\\udc6e\\udb40\\udc20\\udb40\\udc41\\udb40\\udc73\\udb40\\udc68\\udb40\\udc64\\udb40\\udc61\\udb40\\udc6c\\udb40\\udc65⟧\"}",
            "p-corwin | {\"name\": \"\\ud83c\\uddfa\\ud83c\\uddf8⟦\\udb40\\udc43\\udb40\\udc6f\\udb40\\udc72\\udb40\\udc77\\udb40\\udc69\\udb40\\udc6e\\udb40\\udc20\\udb40\\udc41\\udb40\\udc73\\udb40\\udc68\\udb40\\udc64\\udb40\\udc61\\udb40\\udc6c\\udb40\\udc65⟧\"}",
            "p-corwin | {\"name\": \"⟦\\udb40\\udc43\\udb40\\udc6f\\udb40\\udc72\\udb40\\udc77\\udb40\\udc69\\udb40\\udc6e\\udb40\\udc20\\udb40\\udc41\\udb40\\udc73\\udb40\\udc68\\udb40\\udc64\\udb40\\udc61\\udb40\\udc6c\\udb40\\udc65⟧\\ud83c\\udff4\\udb40\\udc67\\udb40\\udc62\\udb40\\udc73\\udb40\\udc63\\udb40\\udc74\\udb40\\udc7f\"}",
            "p-corwin | {\"name\": \"\\ud83c\\udff4⟦\\udb40\\udc67\\udb40\\udc62\\udb40\\udc73\\udb40\\udc63\\udb40\\udc74\\udb40\\udc7f\\udb40\\udc43\\udb40\\udc6f\\udb40\\udc72\\udb40\\udc77\\udb40\\udc69\\udb40\\udc6e Ashdale⟧\"}",
            "p-corwin | {\"to\": \"⟦\\udb40\\udc63\\udb40\\udc6f\\udb40\\udc72\\udb40\\udc77\\udb40\\udc69\\udb40\\udc6e\\udb40\\udc2e\\udb40\\udc61\\udb40\\udc73\\udb40\\udc68\\udb40\\udc64\\udb40\\udc61\\udb40\\udc6c\\udb40\\udc65\\udb40\\udc40\\udb40\\udc65\\udb40\\udc78\\udb40\\udc61\\udb40\\udc6d\\udb40\\udc70\\udb40\\udc6c\\udb40\\udc65\\udb40\\udc2e\\udb40\\udc6f\\udb40\\udc72\\udb40\\udc67⟧\\ud83c\\udff4\\udb40\\udc67\\udb40\\udc62\\udb40\\udc73\\udb40\\udc63\\udb40\\udc74\\udb40\\udc7f\"}",
            "p-corwin | Call \uD83C\uDDFA\uD83C\uDDF8⟦\uDB40\uDC30\uDB40\uDC37\uDB40\uDC34\uDB40\uDC35\uDB40\uDC37\uDB40\uDC37\uDB40\uDC37\uDB40\uDC37\uDB40\uDC33\uDB40\uDC34\uDB40\uDC31⟧ now.",
            "p-corwin | ⟦\uDB40\uDC30\uDB40\uDC37\uDB40\uDC34\uDB40\uDC35\uDB40\uDC37\uDB40\uDC37\uDB40\uDC37\uDB40\uDC37\uDB40\uDC33\uDB40\uDC34\uDB40\uDC31⟧\uD83C\uDDFA\uD83C\uDDF8 now.",
            "p-corwin | \uD83C\uDFF4⟦\uDB40\uDC63\uDB40\uDC6F\uDB40\uDC72\uDB40\uDC77\uDB40\uDC69\uDB40\uDC6E\uDB40\uDC2E\uDB40\uDC61\uDB40\uDC73\uDB40\uDC68\uDB40\uDC64\uDB40\uDC61\uDB40\uDC6C\uDB40\uDC65\uDB40\uDC40\uDB40\uDC65\uDB40\uDC78\uDB40\uDC61\uDB40\uDC6D\uDB40\uDC70\uDB40\uDC6C\uDB40\uDC65\uDB40\uDC2E\uDB40\uDC6F\uDB40\uDC72\uDB40\uDC67\uDB40\uDC7F⟧ now.",
            "p-corwin | \uD83C\uDFF4⟦\uDB40\uDC30\uDB40\uDC37\uDB40\uDC34\uDB40\uDC35\uDB40\uDC37\uDB40\uDC37\uDB40\uDC37\uDB40\uDC37\uDB40\uDC33\uDB40\uDC34\uDB40\uDC31\uDB40\uDC7F⟧ now.",
            "p-corwin | \uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74⟦\uDB40\uDC43\uDB40\uDC6F\uDB40\uDC72\uDB40\uDC77\uDB40\uDC69\uDB40\uDC6E\uDB40\uDC20\uDB40\uDC41\uDB40\uDC73\uDB40\uDC68\uDB40\uDC64\uDB40\uDC61\uDB40\uDC6C\uDB40\uDC65⟧ now.",
            // tag characters written as JSON escape pairs (json.dumps of hidden text in tool arguments)
            "p-corwin  | {\"name\": \"⟦\\udb40\\udc43\\udb40\\udc6f\\udb40\\udc72\\udb40\\udc77\\udb40\\udc69\\udb40\\udc6e\\udb40\\udc20\\udb40\\udc41\\udb40\\udc73\\udb40\\udc68\\udb40\\udc64\\udb40\\udc61\\udb40\\udc6c\\udb40\\udc65⟧\"}",
            "p-corwin  | {\"to\": \"⟦\\udb40\\udc63\\udb40\\udc6f\\udb40\\udc72\\udb40\\udc77\\udb40\\udc69\\udb40\\udc6e\\udb40\\udc2e\\udb40\\udc61\\udb40\\udc73\\udb40\\udc68\\udb40\\udc64\\udb40\\udc61\\udb40\\udc6c\\udb40\\udc65\\udb40\\udc40\\udb40\\udc65\\udb40\\udc78\\udb40\\udc61\\udb40\\udc6d\\udb40\\udc70\\udb40\\udc6c\\udb40\\udc65\\udb40\\udc2e\\udb40\\udc6f\\udb40\\udc72\\udb40\\udc67⟧\"}",
            "p-corwin  | {\"name\": \"⟦\\udb40\\udc43\\udb40\\udc6f\\udb40\\udc72\\udb40\\udc77\\udb40\\udc69\\udb40\\udc6e Ashdale⟧\"}",
            // flags beside hidden or visible names: a flag's own tags are part of it, a flag between letters is dropped
            "p-evander | Team \uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F⟦\uDB40\uDC45\uDB40\uDC76\uDB40\uDC61\uDB40\uDC6E\uDB40\uDC64\uDB40\uDC65\uDB40\uDC72\uDB40\uDC20\uDB40\uDC54\uDB40\uDC68\uDB40\uDC69\uDB40\uDC73\uDB40\uDC74\uDB40\uDC6C\uDB40\uDC65\uDB40\uDC77\uDB40\uDC6F\uDB40\uDC6F\uDB40\uDC64⟧ won.",
            "p-evander | Team \uD83C\uDDFA\uD83C\uDDF8⟦\uDB40\uDC45\uDB40\uDC76\uDB40\uDC61\uDB40\uDC6E\uDB40\uDC64\uDB40\uDC65\uDB40\uDC72\uDB40\uDC20\uDB40\uDC54\uDB40\uDC68\uDB40\uDC69\uDB40\uDC73\uDB40\uDC74\uDB40\uDC6C\uDB40\uDC65\uDB40\uDC77\uDB40\uDC6F\uDB40\uDC6F\uDB40\uDC64⟧ won.",
            "p-evander | Team \uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F⟦\uDB40\uDC45\uDB40\uDC76\uDB40\uDC61\uDB40\uDC6E\uDB40\uDC64\uDB40\uDC65\uDB40\uDC72 Thistlewood⟧ won.",
            "p-evander | Team ⟦\uDB40\uDC45\uDB40\uDC76\uDB40\uDC61\uDB40\uDC6E\uDB40\uDC64\uDB40\uDC65\uDB40\uDC72\uDB40\uDC20\uDB40\uDC54\uDB40\uDC68\uDB40\uDC69\uDB40\uDC73\uDB40\uDC74\uDB40\uDC6C\uDB40\uDC65\uDB40\uDC77\uDB40\uDC6F\uDB40\uDC6F\uDB40\uDC64⟧\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F won.",
            "p-evander | Team ⟦Evander \uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC77\uDB40\uDC6C\uDB40\uDC73\uDB40\uDC7F Thistlewood⟧ won.",
            "p-evander | Team ⟦Evander\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7FThistlewood⟧ won.",
            "p-evander | Team ⟦Evan\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7Fder Thistlewood⟧ won.",
            "p-evander | Team ⟦Evander Thistle\uD83C\uDDFA\uD83C\uDDF8wood⟧ won.",
            "p-corwin  | Write to \uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F⟦\uDB40\uDC63\uDB40\uDC6F\uDB40\uDC72\uDB40\uDC77\uDB40\uDC69\uDB40\uDC6E\uDB40\uDC2E\uDB40\uDC61\uDB40\uDC73\uDB40\uDC68\uDB40\uDC64\uDB40\uDC61\uDB40\uDC6C\uDB40\uDC65\uDB40\uDC40\uDB40\uDC65\uDB40\uDC78\uDB40\uDC61\uDB40\uDC6D\uDB40\uDC70\uDB40\uDC6C\uDB40\uDC65\uDB40\uDC2E\uDB40\uDC6F\uDB40\uDC72\uDB40\uDC67⟧\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F now.",
            "p-corwin  | Call \uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F⟦\uDB40\uDC2B\uDB40\uDC34\uDB40\uDC34\uDB40\uDC20\uDB40\uDC37\uDB40\uDC34\uDB40\uDC35\uDB40\uDC37\uDB40\uDC20\uDB40\uDC37\uDB40\uDC37\uDB40\uDC37\uDB40\uDC33\uDB40\uDC34\uDB40\uDC31⟧ now.",
            "p-evander | Hi ⟦\uDB40\uDC54\uDB40\uDC68\uDB40\uDC69\uDB40\uDC73\uDB40\uDC74\uDB40\uDC6C\uDB40\uDC65\uDB40\uDC77\uDB40\uDC6F\uDB40\uDC6F\uDB40\uDC64\uDB40\uDC2C\uDB40\uDC20\uDB40\uDC45\uDB40\uDC76\uDB40\uDC61\uDB40\uDC6E\uDB40\uDC64\uDB40\uDC65\uDB40\uDC72⟧ bye.",
            "p-evander | Hi ⟦Thistlewood, \uDB40\uDC45\uDB40\uDC76\uDB40\uDC61\uDB40\uDC6E\uDB40\uDC64\uDB40\uDC65\uDB40\uDC72⟧ bye.",
            "p-evander | Hi ⟦\uDB40\uDC45\uDB40\uDC76\uDB40\uDC61\uDB40\uDC6E\uDB40\uDC64\uDB40\uDC65\uDB40\uDC72 Thistlewood⟧ bye.",
            "p-evander | Hi ⟦\uDB40\uDC45\uDB40\uDC76\uDB40\uDC61\uDB40\uDC6E\uDB40\uDC64\uDB40\uDC65\uDB40\uDC72 \uDB40\uDC54\uDB40\uDC68\uDB40\uDC69\uDB40\uDC73\uDB40\uDC74\uDB40\uDC6C\uDB40\uDC65\uDB40\uDC77\uDB40\uDC6F\uDB40\uDC6F\uDB40\uDC64⟧ bye.",
            "p-evander | Hi ⟦Evander\uDB40\uDC54\uDB40\uDC68\uDB40\uDC69\uDB40\uDC73\uDB40\uDC74\uDB40\uDC6C\uDB40\uDC65\uDB40\uDC77\uDB40\uDC6F\uDB40\uDC6F\uDB40\uDC64⟧ bye.",
            "p-corwin  | It was ⟦Corwin Ash\uDB40\uDC20dale⟧ who wrote it.",
            "p-evander | It was ⟦Evander\uDB40\uDC6B Thistle\uDB40\uDC6Bwood⟧ who wrote it.",
            "p-evander | It was ⟦Evander \uD83D\uDD25\uD83D\uDD25\uD83D\uDD25\uD83D\uDD25 Thistlewood⟧ who wrote it.",
            "p-corwin  | It was ⟦\uDB40\uDC43\uDB40\uDC6F\uDB40\uDC72\uDB40\uDC77\uDB40\uDC69\uDB40\uDC6E\uDB40\uDC41\uDB40\uDC73\uDB40\uDC68\uDB40\uDC64\uDB40\uDC61\uDB40\uDC6C\uDB40\uDC65⟧ who wrote it.",
            "p-evander | It was ⟦Evander \uD83D\uDD25 Thistlewood⟧ who wrote it.",
            "p-evander | It was ⟦Evander\uD83D\uDD25Thistlewood⟧ who wrote it.",
            "p-evander | It was ⟦Evander ★ Thistlewood⟧ who wrote it.",
            "p-evander | It was ⟦Evander — Thistlewood⟧ who wrote it.",
            "p-evander | It was ⟦Evander -- Thistlewood⟧ who wrote it.",
            "p-evander | It was ⟦Evander … Thistlewood⟧ who wrote it.",
            "p-evander | It was ⟦Evander ... Thistlewood⟧ who wrote it.",
            "p-evander | It was ⟦Evander : Thistlewood⟧ who wrote it.",
            "p-evander | It was ⟦Evander ❤\uFE0F Thistlewood⟧ who wrote it.",
            "`p-evander` | `It was ⟦Evander\n\uD83D\uDD25\nThistlewood⟧ who wrote it.`",
            "p-corwin  | It was ⟦Corwin\u200EAshdale⟧ who wrote it.",
            "p-corwin  | It was ⟦Corwin\u00ADAshdale⟧ who wrote it.",
            "p-corwin  | Handle: ⟦corwin\\_ashdale⟧ here.",
            "p-corwin  | Mail ⟦corwin\\.ashdale\\@example\\.org⟧ now.",
            "p-evander | It was ⟦Evan\u0378der Thistle\uFDD0wood⟧ who wrote it.",
            "p-evander | It was ⟦Evander\u2800Thistlewood⟧ who wrote it.",
            "p-evander | It was ⟦ᴇᴠᴀɴᴅᴇʀ ᴛʜɪsᴛʟᴇᴡᴏᴏᴅ⟧ who wrote it.",
            "p-evander | It was ⟦⒠⒱⒜⒩⒟⒠⒭ ⒯⒣⒤⒮⒯⒧⒠⒲⒪⒪⒟⟧ who wrote it.",
            // terminal styles around the words: the finding covers them, as it covers markup
            "p-evander | It was ⟦\u001B[1mEvander\u001B[0m \u001B[1mThistlewood\u001B[0m⟧ who wrote it.",
            // a full middle name the registry does not hold (red team 11 #2)
            "p-evander | I met ⟦Evander Jane Thistlewood⟧ today.",
            "p-evander | I met ⟦Evander JANE Thistlewood⟧ today.",
            "p-corwin  | I met ⟦Corwin Michael Ashdale⟧ today.",
            "p-corwin  | I met ⟦Corwin Mary Ann Ashdale⟧ today.",
            "p-corwin  | I met ⟦Corwin J. K. Ashdale⟧ today.",
            "p-corwin  | I met ⟦Corwin Jane K. Ashdale⟧ today.",
            // a bracketed aside between them (red team 11 #2)
            "p-evander | I met ⟦Evander (née Holt) Thistlewood⟧ today.",
            "p-evander | I met ⟦Evander (born 1970 in Leeds) Thistlewood⟧ today.",
            // in other brackets, with the punctuation of dates, places and pronouns (red team 13)
            "p-evander | I met ⟦Evander [née Holt] Thistlewood⟧ today.",
            "p-evander | I met ⟦Evander {Holt} Thistlewood⟧ today.",
            "p-evander | I met ⟦Evander «Vanni» Thistlewood⟧ today.",
            "p-evander | I met ⟦Evander (b. 1961) Thistlewood⟧ today.",
            "p-evander | I met ⟦Evander (1961–2020) Thistlewood⟧ today.",
            "p-evander | I met ⟦Evander (née Holt-Baker) Thistlewood⟧ today.",
            "p-evander | I met ⟦Evander (he/him) Thistlewood⟧ today.",
            "p-evander | I met ⟦Evander (née Holt, formerly Smith) Thistlewood⟧ today.",
            "p-evander | I met ⟦Evander (b. 1970; d. 2021) Thistlewood⟧ today.",
            // up to eight words (red team 15 R7)
            "p-evander | I met ⟦Evander (who, by the way, was born in Salem) Thistlewood⟧ today.",
            "p-evander | I met ⟦Evander (the one who kept the lantern by the) Thistlewood⟧ today.",
            // syllables parted by hyphens or middle dots, as a pronunciation writes them (red team 13 F6)
            "p-evander | I met ⟦Evander Thistle-wood⟧ today.",
            "p-evander | Pronounced ⟦Ev-AN-der THIS-tle-wood⟧ today.",
            "p-corwin  | I met ⟦Cor·win Ash·dale⟧ today.",
            "p-corwin  | I met ⟦Cor-win Ash-dale⟧ today.",
            // a middle initial without a dot, one or two (red team 13)
            "p-evander | I met ⟦Evander J Thistlewood⟧ today.",
            "p-evander | I met ⟦Evander JJ Thistlewood⟧ today.",
            "p-evander | I met ⟦Evander J E Thistlewood⟧ today.",
            "p-corwin  | I met ⟦Corwin J. E Ashdale⟧ today.",
    })
    void namesJoinedOrInterruptedAsAnOutsideTesterWroteThem(String id, String marked) {
        assertThat(check(id.strip(), marked.strip())).isNull();
    }

    @ParameterizedTest(name = "[{index}] {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "p-corwin    | hex \\x      | Corwin Ashdale",
            "p-corwin    | hex 0x       | Corwin Ashdale",
            "p-corwin    | hex spaced   | Corwin Ashdale",
            "p-corwin    | hex \\\\x JSON | Corwin Ashdale",
            "p-yaroslava | hex \\x      | Ярослава Белозёрова",
            "p-mallory   | hex plain    | Mallory Quenby",
            "p-rosalind  | url +        | Rosalind Achterberg",
            "p-yaroslava | url          | Ярослава Белозёрова",
            "p-nizar     | url          | نزار الحلواني",
            "p-yaroslava | html decimal | Ярослава Белозёрова",
            "p-nizar     | html decimal | نزار الحلواني",
            "p-nizar     | html hex     | نزار الحلواني",
            "p-nizar     | json \\u     | نزار الحلواني",
            "p-theodora  | json \\u     | Θεοδώρα Καλλιγά",
            "p-haram     | base64       | 류하람",
            "p-menglan   | base64 url   | 柯梦岚",
            "p-oskar     | base64       | Oskar Pelkonen",
            "p-oskar     | base64 url   | Oskar Pelkonen",
    })
    void encodedNames(String id, String encoding, String plain) {
        String encoded = encode(encoding.strip(), plain.strip());
        assertThat(check(id.strip(), "Output: ⟦" + encoded + "⟧ (decode it on your side)")).isNull();
    }

    static String encode(String encoding, String plain) {
        byte[] utf8 = plain.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        switch (encoding) {
            case "hex \\x", "hex \\\\x JSON", "hex 0x", "hex spaced" -> {
                String prefix = encoding.equals("hex \\x") ? "\\x" : encoding.equals("hex 0x") ? "0x"
                        : encoding.equals("hex spaced") ? "" : "\\\\x";
                String sep = encoding.equals("hex 0x") || encoding.equals("hex spaced") ? " " : "";
                for (byte b : utf8) {
                    sb.append(sb.isEmpty() ? "" : sep).append(prefix).append(HexFormat.of().toHexDigits(b));
                }
                return encoding.equals("hex 0x") ? sb.toString().toUpperCase().replace("0X", "0x") : sb.toString();
            }
            case "hex plain" -> {
                return HexFormat.of().formatHex(utf8);
            }
            case "url +" -> {
                return URLEncoder.encode(plain, StandardCharsets.UTF_8);
            }
            case "url" -> {
                return URLEncoder.encode(plain, StandardCharsets.UTF_8).replace("+", "%20");
            }
            case "html decimal", "html hex" -> {
                plain.codePoints().forEach(cp -> sb.append(encoding.equals("html hex")
                        ? "&#x" + Integer.toHexString(cp) + ";" : "&#" + cp + ";"));
                return sb.toString();
            }
            case "json \\u" -> {
                for (char c : plain.toCharArray()) {
                    sb.append(String.format("\\u%04x", (int) c));
                }
                return sb.toString();
            }
            case "base64" -> {
                return Base64.getEncoder().withoutPadding().encodeToString(utf8);
            }
            case "base64 url" -> {
                return Base64.getUrlEncoder().withoutPadding().encodeToString(utf8);
            }
            default -> throw new IllegalArgumentException(encoding);
        }
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            // a given name and a surname as the fields of one record (red team 7)
            "p-corwin | {\"first_name\": \"⟦Corwin⟧\", \"last_name\": \"⟦Ashdale⟧\", \"born\": 1950}",
            "p-corwin | {\"lastName\":\"⟦Ashdale⟧\",\"firstName\":\"⟦Corwin⟧\"}",
            "p-corwin | {\"given_name\": \"⟦Corwin⟧\", \"family_name\": \"⟦Ashdale⟧\"}",
            "p-corwin | ^first_name: ⟦Corwin⟧\nlast_name: ⟦Ashdale⟧\nborn: 1950^",
            "p-corwin | ^- First name: ⟦Corwin⟧\n- Last name: ⟦Ashdale⟧\n^",
            "p-corwin | <first>⟦Corwin</first><last>Ashdale⟧</last>",
            "p-corwin | /search?first=⟦Corwin⟧&last=⟦Ashdale⟧&page=2",
            "p-corwin | ^name,surname\n⟦Corwin⟧,⟦Ashdale⟧\n^",
            "p-corwin | {\"prenom\": \"⟦Corwin⟧\", \"nom\": \"⟦Ashdale⟧\"}",
            "p-corwin | {\"first\": \"⟦Corwin⟧\", \"middle\": \"⟦J⟧\", \"last\": \"⟦Ashdale⟧\"}",
            "p-corwin | {\"first_name\": \"⟦Corwin⟧\", \"middle_name\": null, \"last_name\": \"⟦Ashdale⟧\"}",
            "p-corwin | {\"first_name\": \"⟦Corwin⟧\", \"email\": null, \"last_name\": \"⟦Ashdale⟧\"}",
            "p-corwin | {\"first_name\": \"⟦Corwin⟧\", \"middle_name\": \"\", \"last_name\": \"⟦Ashdale⟧\"}",
            "p-corwin | ^first_name: ⟦Corwin⟧\nmiddle_name: ⟦J⟧\nlast_name: ⟦Ashdale⟧\n^",
    })
    void namesWrittenAsTheFieldsOfARecord(String id, String marked) {
        // each value is redacted alone: the keys and the markup between them stay (red team 8/9)
        String text = marked.strip().replace("⟦", "").replace("⟧", "");
        String expected = marked.strip().replaceAll("⟦[^⟧]*⟧", "[REDACTED]");
        GuardSession whole = PIPELINE.open(CTX, null);
        assertThat(whole.scanWhole(Channel.content(0), text)).isEqualTo(expected);
        assertThat(whole.findings()).allMatch(f -> f.finding().erasureId().equals(id.strip()));
        assertThat(streamedLikeWhole(text, expected)).isNull();
    }

    /**
     * Markdown links, images and reference links around a name's words, and LaTeX commands (red team 11 #1): the
     * text a renderer shows is the name. Found whole and streamed alike.
     */
    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "p-corwin | Her name: [Corwin](https://a.example) [Ashdale](https://b.example).",
            "p-corwin | Her name: [Corwin](https://a.example) Ashdale.",
            "p-corwin | Her name: Corwin [Ashdale](https://b.example \"his page\").",
            "p-corwin | Her name: [Corwin][1] [Ashdale][2].",
            "p-corwin | Her name: [Corwin][] [Ashdale][].",
            "p-corwin | Her name: ![Corwin](x.png) ![Ashdale](y.png).",
            "p-corwin | Her name: [Corwin](a)[Ashdale](b).",
            "p-corwin | By \\textbf{Corwin} \\emph{Ashdale}, 1969.",
            "p-corwin | By \\textbf{Corwin Ashdale}, 1969.",
            // string literals joined in code (red team 11 #6)
            "p-corwin | name = \"Cor\" + \"win Ash\" + \"dale\";",
            "p-corwin | name = 'Cor'+'win'+' '+'Ash'+'dale'",
            "p-corwin | name = `Cor` + \"win Ash\" + 'dale'",
            // link destinations with parentheses, LaTeX with a star, an option, a space, nesting, \\href (red team 12)
            "p-corwin | See [Corwin](https://en.wikipedia.org/wiki/C_(x)) [Ashdale](https://b.example).",
            "p-corwin | See [Corwin] [Ashdale], or \\[Corwin\\] \\[Ashdale\\].",
            "p-corwin | See [[Corwin]] [[Ashdale]].",
            "p-corwin | By \\textbf*{Corwin} \\section[s]{Ashdale}.",
            "p-corwin | By \\textbf {Corwin} \\textbf{\\emph{Ashdale}}.",
            "p-corwin | By \\href{https://a.example}{Corwin} \\href{https://b.example}{Ashdale}.",
            // the spelling alphabet (red team 11 #5)
            "p-corwin | Spelled: Charlie Oscar Romeo Whiskey India November, Alfa Sierra Hotel Delta Alfa Lima Echo.",
            "p-corwin | Spelled: charlie-oscar-romeo-whiskey-india-november / alpha-sierra-hotel-delta-alpha-lima-echo",
    })
    void namesInsideMarkdownLinksAndLatex(String id, String text) {
        GuardSession whole = PIPELINE.open(CTX, null);
        String redacted = whole.scanWhole(Channel.content(0), text.strip());
        assertThat(redacted).doesNotContain("Corwin").doesNotContain("Ashdale").contains("[REDACTED]");
        assertThat(whole.findings()).allMatch(f -> f.finding().erasureId().equals(id.strip()));
        assertThat(streamedLikeWhole(text.strip(), redacted)).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "Wow! That is great news, really!",
            "Count: one two three four five six seven eight.",
            "Add a dash of salt and an underscore of pepper.",
            "He said - loudly - that C++ and A+B are fine.",
            "The snake_case_name and __init__ stay.",
            "The Dr. said hello to Mr. Vex's brother.",
            "We sold 1,234,567 units, 12, 34, 56 and 78 more.",
            "Meet me @ 5pm . Bring the R2D2 and C3PO toys.",
            "I. M. Pei and J. R. R. Tolkien met in 1965.",
            "Ash and dale, corwin and ashdale, are words here.",
            "The hex dump be ad de fa 00 ff ended.",
            "Scores: 65, 66, 67, 68, 69 and 70.",
            "어제 선우재민국 교수가 왔다.",
            "The passport MI291 was renewed in 1272 AD.",
            // another registered name word one edit away, not by a swap, is that name: a namesake
            "It was Orsolya Marvik who wrote it.",
            // a speaker's label or a heading before a colon and a space, not a name's two words
            "Evander: Thistlewood, get down!",
            // a sentence's end, not a gap within one name
            "It was Evander. Thistlewood came later.",
            // a record's fields of two people, a label in prose, a label with no key after it
            "{\"first\": \"Corwin\", \"last\": \"Smith\"}, {\"first\": \"Jane\", \"last\": \"Ashdale\"}",
            "Rose first, Corwin last, Ashdale in the middle.",
            "Corwin, last seen with Ashdale.",
            "[{\"last\":\"Smith\",\"first\":\"Corwin\"},{\"last\":\"Ashdale\",\"first\":\"Jane\"}]",
            "{\"first_name\":\"Corwin\",\"last_name\":\"Ashdele\"}",
            "^Hi Corwin,\n\nAshdale is lovely.^",
            // a symbol between the words of a name written in lower case: two steps from the name
            "We corwin \uD83D\uDD0B ashdale the city.",
            // a capitalized word between a registered given name and another surname, or two words between
            "It was Evander Jane Smith, then Evander Jane Mary Ann Thistlewood.",
            // a capitalized word between them that is no given name: a place, a headline
            "We walked from Evander Square Thistlewood Road; Evander Hires Thistlewood Builders.",
            "No: Corwin, Street and Ashdale are towns, and Corwin Street is not Ashdale Road.",
            // number words beside digits that are no registered number
            "Chapter 3 one more time, and 2 two-part episodes, ten 10-minute breaks.",
            "A double check, a triple jump, double one-way 3 trips; the triple 7 on the slot.",
            // numbers read as numbers in prose
            "In nineteen ninety-nine, twenty-five people paid fifteen hundred dollars; ten thousand came in 2001.",
            "Call me at one ten, ninety-three is my age, and three hundred ten is the room.",
            // lists, ratios and CJK words with numerals that are no registered number
            "Rooms 101, 202, 303; ratio 4:15; issue #555; 一二 三四 and 三月一日; 2019ー2020.",
            // letters beside digits that are no registered number, and leetspeak of no registered name
            "The O2 arena in 2O19; Oslo 1990; I 10 l 5; Lola signs l0l4, Eli 3l1 and Ollie 0ll13 10 times.",
            "Room 1O1, gate 2l, flight LO 281, 0l-31 and I/O 4O4.",
            // an aside of nine words or more, or one that does not close before the surname
            "Evander (as we all knew him then, long before the war) Thistlewood; Evander (and Thistlewood.",
            "Evander [see note 4 below here for more on the family] Thistlewood; Evander {a, b, c, d, e, f, g, h, i} Thistlewood.",
            // a capital letter between a given name and another surname; a list of initials
            "Evander J Smith and Corwin K Jones met; Evander A B C Thistlewood.",
            // spelling-alphabet words in prose, and a short run
            "The Delta Echo Hotel in Lima hosts Romeo and Juliet; Alpha Bravo Charlie is a call sign.",
            // quotes and plus signs in prose and code that join no name
            "He said \"Ash\" + 'dale' twice; x = \"a\" + b + 'c'; don't, won't; \"Corwin\" + \"Smith\".",
            // links, brackets and LaTeX that are no name
            "See [the docs](https://example.org/docs) and [1], [a] [b](c d), \\textbf{bold} text.",
            "Brackets [sic], [1], [ ] and [[x] and a ]] stay as they are, as does [Corwin] (the town).",
            // a short name run together in plain case may be a word of its own ("Will Power", "willpower")
            "The word malteblom stays, and so does Malteblom.",
            // a sentence's end after an address, and a spaced "@" in prose, join no address (red team 16 N4)
            "Mail bob@example. Next week we meet at bob@ the office @ home then example.net.",
            // amounts and versions in digits and symbols alone, however leetspeak reads them
            "It cost more than $1.60 for each; version 51.60 and 1,60 in Europe.",
    })
    void ordinaryTextStaysUnchanged(String text) {
        GuardSession s = PIPELINE.open(CTX, null);
        assertThat(s.scanWhole(Channel.content(0), text)).isEqualTo(text);
        assertThat(streamedLikeWhole(text, text)).isNull();
    }
}
