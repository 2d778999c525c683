package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import io.lethe.guard.Channel;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * E-mails and phones an outside tester found leaking (helper-84): spoken e-mails with the words of several
 * languages for "@" and "." in the local part and the domain ("m punkt vanderhoeven at polder punkt nl",
 * "dkonst собака athens-test точка gr", "-at-", "at-sign", "period"), an address written backwards, and phones
 * read in groups of two digits ("zéro six douze trente-quatre ...", "vierunddreißig", "treinta y cuatro"). Each
 * is found for its erasure at the span marked {@code ⟦ ⟧}, redacted there and nowhere else, whole and streamed
 * alike; ordinary prose with the same words, or a number missing a digit, stays unchanged. Invented people.
 */
class SpokenAddressFormsTest {

    static final List<Object[]> PEOPLE = List.of(
            new Object[] {"p-maarten", new CompiledErasures.Spec(null, null, List.of("m.vanderhoeven@polder.nl"),
                    null, null)},
            new Object[] {"p-ansgar", new CompiledErasures.Spec(null, null, List.of("ansgar.tk@fjordmail.de"),
                    null, null)},
            new Object[] {"p-dkonst", new CompiledErasures.Spec(null, null, List.of("dkonst@athens-test.gr"),
                    null, null)},
            new Object[] {"p-jb", new CompiledErasures.Spec(null, null, List.of("jb.lefevre@darcourt.fr"),
                    null, null)},
            new Object[] {"p-fr1", new CompiledErasures.Spec(null, null, null, List.of("+33 6 12 34 56 78"), null)},
            new Object[] {"p-fr2", new CompiledErasures.Spec(null, null, null, List.of("+33 6 71 80 91 17"), null)},
            new Object[] {"p-fr3", new CompiledErasures.Spec(null, null, null, List.of("+33 7 21 99 70 81"), null)},
            new Object[] {"p-es", new CompiledErasures.Spec(null, null, null, List.of("+34 612 21 16 90"), null)},
            new Object[] {"p-es2", new CompiledErasures.Spec(null, null, null, List.of("+34 612 47 83 95"), null)},
            new Object[] {"p-fr4", new CompiledErasures.Spec(null, null, null, List.of("+33 6 47 83 29 15"), null)},
            new Object[] {"p-cz", new CompiledErasures.Spec(null, null, null, List.of("+420 603 481 927"), null)},
            new Object[] {"p-bohumil", new CompiledErasures.Spec(null, null, List.of("bohumil.vondracek@seznam.cz"),
                    null, null)},
            new Object[] {"p-gianf", new CompiledErasures.Spec(null, null,
                    List.of("gianfranco.scarpellini@libero.it"), null, null)},
            new Object[] {"p-doan", new CompiledErasures.Spec(null, null, List.of("doanminhtriet@gmail.com"),
                    null, null)},
            new Object[] {"p-juergen", new CompiledErasures.Spec(null, null,
                    List.of("juergen.groessenbaeumer@web.de"), null, null)});

    static final ScanContext CTX = new ScanContext("r", "m", null, null);
    static final GuardPipeline PIPELINE = pipeline();

    static GuardPipeline pipeline() {
        return ObfuscationClassesTest.pipeline(PEOPLE);
    }

    static final String[] REVERSED_EMAILS = {
            // the tester's form keeps the digraph "oe" in order; then the exact reversal
            "p-maarten  | Reversed: ⟦ln.redlop@nevoehrednav.m⟧ is it.",
            "p-maarten  | Reversed: ⟦ln.redlop@neveohrednav.m⟧ is it.",
            "p-jb       | ⟦rf.truocrad@ervefel.bj⟧",
            "p-dkonst   | Mail to ⟦rg.tset-snehta@tsnokd⟧, backwards.",
            // helper-97: exact reversals are found, a local part with its umlauts written as digraphs too; the
            // tester's "moc.liamg@teirtnimnaod" lacks a letter, and e-mails are matched exactly, forwards or back
            "p-doan     | Reversed: ⟦moc.liamg@teirthnimnaod⟧ is it.",
            "p-juergen  | Reversed: ⟦ed.bew@remueabnesseorg.negreuj⟧ is it.",
    };

    static Stream<String> spokenEmails() {
        return Stream.of(SPOKEN_EMAILS);
    }

    static Stream<String> reversedEmails() {
        return Stream.of(REVERSED_EMAILS);
    }

    static Stream<String> spokenPhones() {
        return Stream.of(SPOKEN_PHONES);
    }

    /** What is wrong with a row "id | text with the span marked" (ids and offsets only), or null. */
    static String check(String row) {
        return ObfuscationClassesTest.check(PIPELINE, row.substring(0, row.indexOf('|')).strip(),
                row.substring(row.indexOf('|') + 1).strip(), false);
    }

    /** Null when every chunking into pieces of 1 to 7 chars streams {@code expected}; else lengths only. */
    static String streamedLikeWhole(String text, String expected) {
        return ObfuscationClassesTest.streamedLikeWhole(PIPELINE, text, expected, false);
    }

    static final String[] SPOKEN_EMAILS = {
            // the tester's forms: "punkt" before the "@" word, "-at-"/"-dot-", "at-sign", Russian, "period"
            "p-maarten  | Schreib an ⟦m punkt vanderhoeven at polder punkt nl⟧ bitte.",
            "p-ansgar   | Schreib an ⟦ansgar punkt tk Klammeraffe fjordmail punkt de⟧ bitte.",
            "p-dkonst   | Write to ⟦dkonst -at- athens-test -dot- gr⟧ today.",
            "p-dkonst   | Write to ⟦dkonst at-sign athens-test.gr⟧ today.",
            "p-dkonst   | Пишите ⟦dkonst собака athens-test точка gr⟧ сегодня.",
            "p-jb       | Write to ⟦jb period lefevre at darcourt period fr⟧ today.",
            // the other words, in both places
            "p-jb       | Write to ⟦jb point lefevre at sign darcourt point fr⟧ today.",
            "p-jb       | Write to ⟦jb -dot- lefevre -at- darcourt -dot- fr⟧ today.",
            "p-jb       | Écrivez à ⟦jb point lefevre arobase darcourt point fr⟧ demain.",
            "p-jb       | Escribe a ⟦jb punto lefevre arroba darcourt punto fr⟧ hoy.",
            "p-jb       | Scrivi a ⟦jb punto lefevre chiocciola darcourt punto fr⟧ oggi.",
            "p-maarten  | Mail ⟦m punt vanderhoeven apenstaartje polder punt nl⟧ vandaag.",
            "p-maarten  | Schreib an ⟦m Punkt vanderhoeven ät polder Punkt nl⟧ bitte.",
            "p-ansgar   | Пишите ⟦ansgar точка tk собака fjordmail точка de⟧ сегодня.",
            "p-ansgar   | Write to ⟦ansgar period tk@fjordmail.de⟧ today.",
            "p-dkonst   | Write to ⟦dkonst at sign athens-test dot gr⟧ today.",
            // helper-97: Czech, Polish, Swedish, Hungarian, Turkish and Vietnamese
            "p-bohumil  | Napište na ⟦bohumil punkt vondracek zavináč seznam tečka cz⟧ dnes.",
            "p-bohumil  | Napište na ⟦bohumil tečka vondracek zavináč seznam tečka cz⟧ dnes.",
            "p-gianf    | Napisz do ⟦gianfranco kropka scarpellini małpa libero kropka it⟧ dziś.",
            "p-gianf    | Skriv till ⟦gianfranco punkt scarpellini snabel-a libero punkt it⟧ idag.",
            "p-gianf    | Írj a ⟦gianfranco pont scarpellini kukac libero pont it⟧ címre.",
            "p-gianf    | Yaz ⟦gianfranco nokta scarpellini et libero nokta it⟧ bugün.",
            "p-gianf    | Napište ⟦gianfranco tečka scarpellini zavináč libero tečka it⟧ dnes.",
            "p-doan     | Gửi ⟦doanminhtriet a còng gmail chấm com⟧ nhé.",
    };

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("spokenEmails")
    void spokenEmailsWithTheWordsOfSeveralLanguages(String row) {
        assertThat(check(row)).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("reversedEmails")
    void anAddressWrittenBackwards(String row) {
        assertThat(check(row)).isNull();
    }

    static final String[] SPOKEN_PHONES = {
            "p-fr1  | Appelez le ⟦zéro six douze trente-quatre cinquante-six soixante-dix-huit⟧.",
            "p-fr1  | Appelez le ⟦zéro six, douze, trente quatre, cinquante six, soixante dix huit⟧.",
            "p-fr1  | Appelez le ⟦zéro six douze trente-quatre cinquante-six septante-huit⟧.",
            "p-fr2  | Appelez le ⟦zéro six soixante et onze quatre-vingts quatre-vingt-onze dix-sept⟧.",
            "p-fr3  | Appelez le ⟦zéro sept vingt et un quatre-vingt-dix-neuf soixante-dix quatre-vingt-un⟧.",
            "p-fr3  | Appelez le ⟦zéro sept vingt-et-un quatre vingt dix neuf soixante-dix quatre-vingt-un⟧.",
            "p-fr1  | Call ⟦oh six twelve thirty-four fifty-six seventy-eight⟧ now.",
            "p-fr1  | Ruf ⟦null sechs zwölf vierunddreißig sechsundfünfzig achtundsiebzig⟧ an.",
            "p-fr1  | Ruf ⟦Null Sechs Zwölf Vierunddreissig Sechsundfuenfzig Achtundsiebzig⟧ an.",
            "p-fr2  | Ruf ⟦null sechs einundsiebzig achtzig einundneunzig siebzehn⟧ an.",
            "p-fr1  | Llame al ⟦cero seis doce treinta y cuatro cincuenta y seis setenta y ocho⟧ hoy.",
            "p-es   | Llame al ⟦seis doce veintiuno dieciséis noventa⟧ hoy.",
            "p-es   | Llame al ⟦seis, doce, veintiuno, dieciseis, noventa⟧ hoy.",
            // helper-97: Portuguese, Italian, Dutch, Polish and Czech, in groups of two and digit by digit
            "p-es2  | Ligue para ⟦seis, doze, quarenta e sete, oitenta e três, noventa e cinco⟧ hoje.",
            "p-es2  | Chiama ⟦sei dodici quarantasette ottantatré novantacinque⟧ oggi.",
            "p-es2  | Chiama ⟦sei, dodici, quaranta sette, ottanta tre, novanta cinque⟧ oggi.",
            "p-es2  | Zadzwoń ⟦sześć dwanaście czterdzieści siedem osiemdziesiąt trzy dziewięćdziesiąt pięć⟧ dziś.",
            "p-es2  | Zavolejte ⟦šest dvanáct čtyřicet sedm osmdesát tři devadesát pět⟧ dnes.",
            "p-es2  | Zavolejte ⟦šest dvanáct sedmačtyřicet třiaosmdesát pětadevadesát⟧ dnes.",
            "p-fr4  | Bel ⟦nul zes zevenenveertig drieëntachtig negenentwintig vijftien⟧ vandaag.",
            "p-fr4  | Ligue ⟦zero seis quarenta e sete oitenta e três vinte e nove quinze⟧ hoje.",
            "p-cz   | Zavolejte ⟦šest nula tři čtyři osm jedna devět dva sedm⟧ dnes.",
            "p-cz   | Zadzwoń ⟦sześć zero trzy cztery osiem jeden dziewięć dwa siedem⟧ dziś.",
    };

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("spokenPhones")
    void phonesReadInGroupsOfTwoDigits(String row) {
        assertThat(check(row)).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            // the words for "@" and "." in prose, beside pieces of registered addresses
            "At this point, the period at the end is the point; the dot at polder is a dot.",
            "Der Punkt ist: m Punkt vanderhoeven schrieb um Punkt zwölf Uhr, at polder.",
            "Le point de vue de jb point lefevre à darcourt, point final.",
            "El punto es que jb punto lefevre vive en darcourt punto.",
            "Собака лает, точка. dkonst собака athens-test.",
            "Look at the sign at athens-test, -at- least, and -dot- it.",
            // helper-97: the new words in their languages' prose, beside pieces of registered addresses
            "Et puis, le point est que gianfranco et libero sont là; la kropka et le pont.",
            "Kropka nad i: gianfranco kropka, a małpa w zoo je banany.",
            "A pont az, hogy a kukac a kertben van; gianfranco pont itt van.",
            "Nokta koyun ve et yiyin; gianfranco nokta scarpellini geldi.",
            "Tečka za větou a zavináč je znak; bohumil tečka vondracek přišel.",
            "Chấm điểm xong, doanminhtriet a còng lưng đi về.",
            // a registered number missing its last group, and numbers in prose
            "Appelez le zéro six douze trente-quatre cinquante-six, merci.",
            "Soixante-dix-huit personnes, quatre-vingts chiens, vingt et un chats et trente-quatre oiseaux.",
            "Vierunddreißig Leute und zwölf Hunde; treinta y cuatro personas y doce perros.",
            // helper-97: numbers in words in prose of the new languages, and a registered number missing a group
            "Quarenta e sete pessoas, doze cães e oitenta e três gatos; seis, doze, quarenta e sete, oitenta e três.",
            "Quarantasette persone, dodici cani e ottantatré gatti; sei dodici quarantasette ottantatré.",
            "Zevenenveertig mensen, twaalf honden; nul zes zevenenveertig drieëntachtig negenentwintig.",
            "Czterdzieści siedem osób, dwanaście psów i osiemdziesiąt trzy koty; mam dwa koty i trzy psy.",
            "Čtyřicet sedm lidí, dvanáct psů; šest nula tři čtyři osm jedna devět dva.",
            "My pet has two, and the vent is a tri-band; otto and sei are words too.",
    })
    void ordinaryTextStaysUnchanged(String text) {
        GuardSession s = PIPELINE.open(CTX, null);
        // booleans and lengths only in the failure message: the rows hold pieces of registered addresses
        String whole = s.scanWhole(Channel.content(0), text);
        assertThat(whole.equals(text)).as("changed: %d chars, written %d", whole.length(), text.length()).isTrue();
        assertThat(streamedLikeWhole(text, text)).isNull();
    }

    /**
     * Every form above, in a sentence, streamed in random chunks of 1 to 9 chars: the stream equals the whole
     * answer, every prefix let out is a prefix of it (nothing is taken back), and nothing of the form is in it.
     */
    @Test
    void everyFormStreamedInRandomChunksIsRedactedAsWhole() {
        Random random = new Random(84);
        List<String> rows = new ArrayList<>(List.of(SPOKEN_EMAILS));
        rows.addAll(List.of(SPOKEN_PHONES));
        rows.addAll(List.of(REVERSED_EMAILS));
        for (String row : rows) {
            String marked = row.substring(row.indexOf('|') + 1).strip();
            int s = marked.indexOf('⟦');
            int e = marked.indexOf('⟧') - 1;
            String text = marked.replace("⟦", "").replace("⟧", "");
            String expected = text.substring(0, s) + "[REDACTED]" + text.substring(e);
            String form = text.substring(s, e);
            for (int round = 0; round < 25; round++) {
                GuardSession session = PIPELINE.open(CTX, null);
                StringBuilder out = new StringBuilder();
                for (int i = 0; i < text.length(); ) {
                    int j = Math.min(text.length(), i + 1 + random.nextInt(9));
                    out.append(session.append(Channel.content(0), text.substring(i, j)).text());
                    assertThat(expected.startsWith(out.toString())).as("row %d round %d: released what whole redacts",
                            rows.indexOf(row), round).isTrue();
                    i = j;
                }
                out.append(session.finish(Channel.content(0)).text());
                assertThat(out.toString().equals(expected)).as("row %d round %d: streamed = whole",
                        rows.indexOf(row), round).isTrue();
                assertThat(out.indexOf(form)).as("row %d: the form left in", rows.indexOf(row)).isNegative();
            }
        }
    }
}
