package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Words inside a registered name an outside tester found leaking (helper-108): a nickname of several words in
 * quotes of any style ('Thaddeus "the Tide" Brightwater', "Radomír „Rado“ Šťastný", »…«, ‚…‘, 「…」), a nobiliary
 * particle the registered name lacks ("Gerlinde von Müßigbrodt"), and the name written backwards, letters and word
 * order. Each is redacted whole and in every chunking ({@link PeoplePipeline}); namesakes, prose between the two
 * words, long quotations and particles in running text are left alone. All names invented.
 */
class NameAsidesAndParticlesTest {

    private static final PeoplePipeline PIPELINE = new PeoplePipeline(List.of(
            person("p-tb", List.of("Thaddeus Brightwater"), List.of()),
            person("p-gm", List.of("Gerlinde Müßigbrodt"), List.of()),
            person("p-rs", List.of("Radomír Šťastný"), List.of("Rado Kolovrat")),
            person("p-ac", List.of("Aurélien Castagnède"), List.of()),
            person("p-ls", List.of("Ludovica Sperandeo"), List.of()),
            person("p-tm", List.of("Takeshi Morikawa"), List.of()),
            person("p-hw", List.of("Hendrikus van der Wijngaarden"), List.of())));

    private static Object[] person(String id, List<String> names, List<String> aliases) {
        return new Object[] {id, new CompiledErasures.Spec(names, aliases, null, null, null, null, null)};
    }

    private static void redacted(String text) {
        int at = text.indexOf('|');
        String expected = text.substring(0, at) + "[REDACTED]" + text.substring(text.indexOf('|', at + 1) + 1);
        String raw = text.replace("|", "");
        String problem = PIPELINE.check(raw, expected);
        assertThat(problem == null).as("text of length %d not redacted as expected", raw.length()).isTrue();
    }

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(strings = {
            "Then |Thaddeus \"the Tide\" Brightwater| came.",
            "Then |Thaddeus \u201Cthe Tide\u201D Brightwater| came.",
            "Then |Thaddeus 'the Tide' Brightwater| came.",
            "Then |Thaddeus \u2018the old Tide\u2019 Brightwater| came.",
            "Then |Thaddeus (the Tide) Brightwater| came.",
            "Pak |Radom\u00edr \u201ERado\u201C \u0160\u0165astn\u00fd| p\u0159i\u0161el.",
            "Pak |Radom\u00edr \u201Eten velk\u00fd\u201C \u0160\u0165astn\u00fd| p\u0159i\u0161el.",
            "Pak |Radom\u00edr \u201ARado\u2018 \u0160\u0165astn\u00fd| p\u0159i\u0161el.",
            "Dann kam |Gerlinde \u00BBdie Gro\u00DFe\u00AB M\u00fc\u00dfigbrodt| an.",
            "Dann kam |Gerlinde \u00BBGeli\u00AB M\u00fc\u00dfigbrodt| an.",
            "Puis |Aur\u00e9lien \u00AB le Grand \u00BB Castagn\u00e8de| arriva.",
            "Puis |Aur\u00e9lien \u00ABle Grand\u00BB Castagn\u00e8de| arriva.",
            "Poi |Ludovica \u201Cla Rossa\u201D Sperandeo| arriv\u00f2.",
            "\u305D\u3057\u3066 |Takeshi \u300CTake\u300D Morikawa| came.",
            "\u305D\u3057\u3066 |Takeshi \u300Cthe Bear\u300D Morikawa| came.",
            "\u305D\u3057\u3066 |Takeshi \u300EBig Bear\u300F Morikawa| came.",
    })
    void aNicknameOfSeveralWordsInAnyQuotesIsPassedOver(String text) {
        redacted(text);
    }

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(strings = {
            "Dann kam |Gerlinde von M\u00fc\u00dfigbrodt| an.",
            "Dann kam |Gerlinde zu M\u00fc\u00dfigbrodt| an.",
            "Dann kam |Gerlinde von der M\u00fc\u00dfigbrodt| an.",
            "Then |Thaddeus van Brightwater| came.",
            "Then |Thaddeus de la Brightwater| came.",
            "Then |Thaddeus ter Brightwater| came.",
            "Puis |Aur\u00e9lien de Castagn\u00e8de| arriva.",
            "Puis |Aur\u00e9lien du Castagn\u00e8de| arriva.",
            "Poi |Ludovica di Sperandeo| arriv\u00f2.",
            "Poi |Ludovica della Sperandeo| arriv\u00f2.",
            "Sedan kom |Ludovica af Sperandeo| hem.",
    })
    void aNobiliaryParticleTheNameLacksIsPassedOver(String text) {
        redacted(text);
    }

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(strings = {
            "Then |retawthgirB sueddahT| came.",
            "Then |retawthgirb sueddaht| came.",
            "Then |RETAWTHGIRB SUEDDAHT| came.",
            "Then |tdorbgi\u00dfu\u0308M ednilreG| came.",
            "Pak |\u00fdntsa\u0165\u0160 r\u00edmodaR| p\u0159i\u0161el.",
    })
    void theWholeNameWrittenBackwardsIsRedacted(String text) {
        redacted(text);
    }

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(strings = {
            "Then Thaddeus van Houten came.",
            "Then Thaddeus \"Ted\" Miller came.",
            "Then Thaddeus \"the Tide\" Miller came.",
            "Then Thaddeus \u201Eder Alte\u201C Wolff came.",
            "Thaddeus said \"yes\" to Brightwater Inc.",
            "Ask Thaddeus \"about the old Brightwater mill\" later.",
            "Ask Thaddeus \"about the Brightwater\" later.",
            "Gerlinde von Habsburg kam an.",
            "Das Haus der Familie ist alt, der Garten von Gerlinde auch.",
            "Thaddeus la la la, sang the choir.",
            "Thaddeus y Brightwater no son la misma persona.",
            "Then Gerlinde der Gro\u00dfe came.",
            "Le livre de Thaddeus de la Fontaine.",
            "Ludovica della Rovere arriv\u00f2.",
    })
    void namesakesProseAndParticlesInRunningTextStay(String text) {
        assertThat(PIPELINE.check(text, text)).as("benign text of length %d changed", text.length()).isNull();
    }
}
