package io.lethe.erasure;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class AdminApiTest {

    static final String AUTH = "Bearer test-admin-token";

    static String uid() {
        return "t-" + UUID.randomUUID();
    }

    @Test
    void aMissingOrWrongTokenIs401() {
        given().get("/admin/v1/erasures").then().statusCode(401)
                .body("error.type", equalTo("authentication_error"))
                .header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer nope").get("/admin/v1/erasures").then().statusCode(401);
    }

    @Test
    void createAnswers201WithLocationAndTheRecord() {
        String id = uid();
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"id\":\"" + id + "\",\"subject\":{\"names\":[\"Basil Mahfouz\"]},\"legal_basis\":\"GDPR Art. 17\"}")
                .post("/admin/v1/erasures")
                .then().statusCode(201)
                .header("Location", "/admin/v1/erasures/" + id)
                .header("X-Request-Id", notNullValue())
                .body("id", equalTo(id))
                .body("status", equalTo("active"))
                .body("created_at", notNullValue())
                .body("scope.models", contains("*"))
                .body("legal_basis", equalTo("GDPR Art. 17"));
        given().header("Authorization", AUTH).get("/admin/v1/erasures/" + id)
                .then().statusCode(200).body("subject.names", contains("Basil Mahfouz"));
    }

    @Test
    void repeatingACreateIs200AndAnotherBodyIs409() {
        String id = uid();
        String body = "{\"id\":\"" + id + "\",\"subject\":{\"emails\":[\"x.y@example.org\"]}}";
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(body).post("/admin/v1/erasures").then().statusCode(201);
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(body).post("/admin/v1/erasures").then().statusCode(200).body("id", equalTo(id));
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"id\":\"" + id + "\",\"subject\":{\"emails\":[\"other@example.org\"]}}")
                .post("/admin/v1/erasures").then().statusCode(409).body("error.param", equalTo("id"));
    }

    @Test
    void apiMdsOwnExampleBodyIsAcceptedAndEnforced() {
        // the shape API.md gives for a create, filled in as its placeholders say (its passage has 6 words)
        String id = uid();
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body("""
                {"id": "%s",
                 "subject": {"names": ["Ilse Vandermeer"], "aliases": [], "emails": ["ilse.v@example.nl"],
                             "phones": ["06-12345678"], "identifiers": [], "country": "NL"},
                 "passages": ["verbatim text that must not be reproduced"],
                 "topics": ["a description of knowledge that must not be disclosed"],
                 "action": "redact", "scope": {"models": ["*"], "tenants": ["*"]},
                 "legal_basis": "GDPR Art. 17", "requested_at": "2026-11-01T00:00:00Z", "note": "ticket 4411"}
                """.formatted(id))
                .post("/admin/v1/erasures").then().statusCode(201)
                .body("passages", contains("verbatim text that must not be reproduced"))
                .body("warnings.field", hasItem("passages[0]"));
        given().contentType(ContentType.JSON)
                .body("{\"text\":\"Sure: Verbatim text that must not be reproduced. Ask Ilse Vandermeer.\"}")
                .post("/v1/guard/scan").then().statusCode(200)
                .body("action", equalTo("redact"))
                .body("findings.rule", hasItem("passage"))
                .body("text", not(containsString("Verbatim")))
                .body("text", not(containsString("Vandermeer")));
    }

    @Test
    void validationErrorsAre400NamingTheField() {
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body("{\"subject\":{\"names\":[\"A B\"]},\"extra\":true}")
                .post("/admin/v1/erasures").then().statusCode(400).body("error.param", nullValue())
                .body("error.message", containsString("at the top level"));
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body("{}")
                .post("/admin/v1/erasures").then().statusCode(400).body("error.param", equalTo("subject"));
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body("{\"subject\":{\"phones\":[\"12\"]}}")
                .post("/admin/v1/erasures").then().statusCode(400).body("error.param", equalTo("subject.phones[0]"));
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body("{\"subject\":")
                .post("/admin/v1/erasures").then().statusCode(400).body("error.message", containsString("malformed JSON"));
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String big = "{\"passages\":[\"" + "a".repeat(1_100_000) + "\"]}";
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(big)
                .post("/admin/v1/erasures").then().statusCode(413).body("error.code", equalTo("request_too_large"));
    }

    @Test
    void deleteRetiresAndKeepsTheRecord() {
        String id = uid();
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"id\":\"" + id + "\",\"subject\":{\"names\":[\"Jaime Vasquez\"]}}").post("/admin/v1/erasures").then().statusCode(201);
        given().header("Authorization", AUTH).delete("/admin/v1/erasures/" + id)
                .then().statusCode(200).body("status", equalTo("retired")).body("retired_at", notNullValue());
        given().header("Authorization", AUTH).get("/admin/v1/erasures/" + id).then().statusCode(200).body("status", equalTo("retired"));
        given().header("Authorization", AUTH).delete("/admin/v1/erasures/nope-" + id).then().statusCode(404);
        // the id asked for is the caller's text, not repeated (it could be an erased name)
        String missing = given().header("Authorization", AUTH).get("/admin/v1/erasures/Thaddeus%20Quillfeather")
                .then().statusCode(404).extract().asString();
        org.assertj.core.api.Assertions.assertThat(missing).doesNotContain("Quillfeather");
    }

    @Test
    void listingPaginatesWithACursor() {
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", AUTH).contentType(ContentType.JSON)
                    .body("{\"topics\":[\"topic " + i + "\"]}").post("/admin/v1/erasures").then().statusCode(201);
        }
        String cursor = given().header("Authorization", AUTH).queryParam("limit", 2).get("/admin/v1/erasures")
                .then().statusCode(200).body("data", hasSize(2)).body("next_cursor", notNullValue())
                .extract().path("next_cursor");
        given().header("Authorization", AUTH).queryParam("limit", 1000).queryParam("cursor", cursor).get("/admin/v1/erasures")
                .then().statusCode(200).body("next_cursor", nullValue());
        given().header("Authorization", AUTH).queryParam("status", "gone").get("/admin/v1/erasures")
                .then().statusCode(400).body("error.param", equalTo("status"));
    }

    @Test
    void bulkImportStreamsNdjsonAndReportsRejectedLines() {
        String a = uid();
        String ndjson = "{\"id\":\"" + a + "\",\"subject\":{\"names\":[\"Tomas Reed\"]}}\n"
                + "{\"subject\":{\"emails\":[\"broken\"]}}\n"
                + "\n"
                + "{\"subject\":{\"names\":[\"Lena Ortiz\"]}}";
        given().header("Authorization", AUTH).contentType("application/x-ndjson").body(ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/admin/v1/erasures:bulk")
                .then().statusCode(200)
                .body("accepted", equalTo(2))
                .body("rejected", hasSize(1))
                .body("rejected[0].line", equalTo(2))
                .body("rejected[0].param", equalTo("subject.emails[0]"));
        given().header("Authorization", AUTH).get("/admin/v1/erasures/" + a).then().statusCode(200);
    }

    @Test
    void oneMalformedFieldIsPassedOverWithAWarningAndTheRestEnforced() {
        // red team h68 F3: the name and the number-typed phone are stored and enforced, the e-mail without @ warned about
        String id = uid();
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"id\":\"" + id + "\",\"subject\":{\"names\":[\"   \",\"Tamsin Wexcombe\"],\"phones\":[14155550100],"
                        + "\"emails\":[\"tamsin\"]}}")
                .post("/admin/v1/erasures").then().statusCode(201)
                .body("subject.names", contains("Tamsin Wexcombe"))
                .body("subject.phones", contains("14155550100"))
                .body("warnings.field", containsInAnyOrder("subject.names[0]", "subject.emails[0]", "subject.phones[0]"));
        given().contentType(ContentType.JSON).body("{\"text\":\"Tamsin Wexcombe: 415 555 0100\"}")
                .post("/v1/guard/scan").then().statusCode(200)
                .body("text", not(containsString("Wexcombe"))).body("text", not(containsString("0100")));
    }

    @Test
    void aKeyGivenTwiceIsA400NamingItAndInABulkOnlyItsLineIsRefused() {
        // red team h68 F4: never silently dropped
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"subject\":{\"names\":[\"Hesper Oarsby\"],\"names\":[\"Zed Marlowe\"]}}")
                .post("/admin/v1/erasures").then().statusCode(400)
                .body("error.param", equalTo("subject.names"))
                .body("error.message", not(containsString("Hesper")));
        String a = uid();
        given().header("Authorization", AUTH).contentType("application/x-ndjson")
                .body(("{\"subject\":{\"names\":[\"Xanthe Mirefield\"]},\"subject\":{\"emails\":[\"xm@example.net\"]}}\n"
                        + "{\"id\":\"" + a + "\",\"subject\":{\"names\":[\"Hesper Oarsby\"]}}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/admin/v1/erasures:bulk").then().statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejected[0].line", equalTo(1))
                .body("rejected[0].param", equalTo("subject"));
        given().header("Authorization", AUTH).get("/admin/v1/erasures/" + a).then().statusCode(200);
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body("{\"text\":\"a\",\"text\":\"b\"}")
                .post("/admin/v1/passages:match").then().statusCode(400).body("error.param", equalTo("text"));
    }

    @Test
    void retrainDebtIsListedPerModel() {
        String id = uid();
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"id\":\"" + id + "\",\"subject\":{\"names\":[\"Hsiao Yun-Hwa\"]},\"requested_at\":\"2025-02-01\"}")
                .post("/admin/v1/erasures").then().statusCode(201);
        given().header("Authorization", AUTH).get("/admin/v1/models/old-model/erasure-debt")
                .then().statusCode(200).body("model", equalTo("old-model"))
                .body("data.erasure_id", org.hamcrest.Matchers.hasItem(id));
        // a leak the guard redacts on that model is counted once the policy has decided
        given().contentType(ContentType.JSON).body("{\"text\":\"Hsiao Yun-Hwa wrote it.\",\"model\":\"old-model\"}")
                .post("/v1/guard/scan").then().statusCode(200).body("action", equalTo("redact"));
        given().header("Authorization", AUTH).get("/admin/v1/models/old-model/erasure-debt")
                .then().statusCode(200).body("data.find { it.erasure_id == '" + id + "' }.leaks_stopped", equalTo(1));
        given().header("Authorization", AUTH).get("/admin/v1/models/unknown-model/erasure-debt").then().statusCode(404);
    }

    /**
     * An id that repeats the subject's own values (red team 11: keyed by the subject's e-mail) reaches clients in
     * guard findings and evidence: the erasure is accepted under that id (the caller addresses it so) and
     * enforced, with a warning on {@code id} naming the field it repeats, never the value.
     */
    @Test
    void anIdRepeatingTheSubjectsValuesIsAcceptedWithAWarning() {
        for (String[] c : new String[][]{{"petra.lindqvaard@example.com", "subject.emails[0]"},
                {"req-lindqvaard-petra", "subject.names[0]"}, {"gdpr-4155550143", "subject.phones[0]"},
                {"case-emp-77342", "subject.identifiers[0]"}}) {
            String id = c[0];
            given().header("Authorization", AUTH).contentType(ContentType.JSON)
                    .body("{\"id\":\"" + id + "\",\"subject\":{\"names\":[\"Petra Lindqvaard\"],"
                            + "\"emails\":[\"petra.lindqvaard@example.com\"],\"phones\":[\"+1 415 555 0143\"],"
                            + "\"identifiers\":[\"EMP-77342\"]}}")
                    .post("/admin/v1/erasures")
                    .then().statusCode(201)
                    .body("id", equalTo(id))
                    .body("warnings.field", contains("id"))
                    .body("warnings[0].warning", containsString(c[1]))
                    .body("warnings[0].warning", not(containsString("lindqvaard")));
            given().header("Authorization", AUTH).delete("/admin/v1/erasures/" + id).then().statusCode(200);
        }
        String opaque = uid();
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"id\":\"" + opaque + "\",\"subject\":{\"names\":[\"Petra Lindqvaard\"]}}")
                .post("/admin/v1/erasures").then().statusCode(201).body("id", equalTo(opaque)).body("warnings", hasSize(0));
    }

    @Test
    void anIdNamingAnotherErasuresValueIsAcceptedWithAWarning() {
        // helper-71: an id that is another erasure's e-mail keyed every evidence event of it, without a warning
        String mail = "osgood.pemberly-" + uid().substring(0, 6) + "@example.com";
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"id\":\"" + uid() + "\",\"subject\":{\"names\":[\"Osgood Pemberly\"],\"emails\":[\"" + mail + "\"]}}")
                .post("/admin/v1/erasures").then().statusCode(201).body("warnings", hasSize(0));
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"id\":\"" + mail + "\",\"subject\":{\"names\":[\"Winifred Castellane\"]}}")
                .post("/admin/v1/erasures").then().statusCode(201)
                .body("id", equalTo(mail))
                .body("warnings.field", contains("id"))
                .body("warnings[0].warning", containsString("another erasure"))
                .body("warnings[0].warning", not(containsString("pemberly")));
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"id\":\"" + uid() + "\",\"subject\":{\"names\":[\"Winifred Castellane\"]}}")
                .post("/admin/v1/erasures").then().statusCode(201).body("warnings", hasSize(0));
    }

    @Test
    void aNationalPhoneWithoutACountryIsAcceptedWithAWarningAndEnforced() {
        String id = uid();
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"id\":\"" + id + "\",\"subject\":{\"names\":[\"Ilse Vandermeer\"],\"emails\":[\"ilse.v@example.nl\"],"
                        + "\"phones\":[\"06-12345678\"]}}")
                .post("/admin/v1/erasures")
                .then().statusCode(201)
                .body("warnings", hasSize(1))
                .body("warnings[0].field", equalTo("subject.phones[0]"))
                .body("warnings[0].warning", endsWith("; matched by its digits"))
                .body("warnings[0].warning", not(containsString("12345678")))
                .body("subject.phones", contains("06-12345678"));
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"text\":\"Ilse Vandermeer (ilse.v@example.nl) on 06 1234 5678.\"}")
                .post("/v1/guard/scan").then().statusCode(200)
                .body("text", equalTo("[REDACTED] ([REDACTED]) on [REDACTED]."));
        // an ordinary request answers an empty list
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"subject\":{\"names\":[\"Okke Brandsma\"],\"phones\":[\"+31 6 87654320\"]}}")
                .post("/admin/v1/erasures").then().statusCode(201).body("warnings", hasSize(0));
    }

    @Test
    void countriesAreStoredAndReturnedAndABulkReportsWarningsByLine() {
        String a = uid();
        String ndjson = "{\"id\":\"" + a + "\",\"subject\":{\"country\":\"nl\",\"phones\":[\"06-87654321\","
                + "{\"number\":\"030 1234567\",\"country\":\"DE\"}]}}\n"
                + "{\"subject\":{\"names\":[\"Okke Brandsma\"],\"phones\":[\"0532 765 43 21\"]}}\n"
                + "{\"subject\":{\"country\":\"Atlantis\",\"names\":[\"Ines Quade\"]}}\n"
                + "{\"subject\":{\"phones\":[\"06-CALL-ME\"]}}";
        given().header("Authorization", AUTH).contentType("application/x-ndjson").body(ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/admin/v1/erasures:bulk")
                .then().statusCode(200)
                .body("accepted", equalTo(3))
                .body("rejected.line", contains(4))
                .body("rejected[0].param", equalTo("subject.phones[0]"))
                .body("warnings.line", contains(2, 3))
                .body("warnings.field", contains("subject.phones[0]", "subject.country"))
                .body("warnings_total", equalTo(2));
        given().header("Authorization", AUTH).get("/admin/v1/erasures/" + a).then().statusCode(200)
                .body("subject.country", equalTo("NL"))
                .body("subject.phones[0]", equalTo("06-87654321"))
                .body("subject.phones[1].number", equalTo("030 1234567"))
                .body("subject.phones[1].country", equalTo("DE"));
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"text\":\"Call +31 6 87654321 or +49 30 1234567.\"}")
                .post("/v1/guard/scan").then().statusCode(200)
                .body("text", equalTo("Call [REDACTED] or [REDACTED]."));
    }

    @Test
    void theOpenApiDocumentDescribesTheAdminApi() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/admin/v1/erasures:bulk"))
                .body(containsString("warnings_total"))
                .body(containsString("/admin/v1/models/{model}/erasure-debt"));
    }

    @Test
    void passagesMatchNamesTheErasuresATextReproduces() {
        String id = uid();
        String passage = "Every family in the harbour town keeps a ledger of the names the sea has taken " + id;
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"id\":\"" + id + "\",\"passages\":[\"" + passage + "\"]}").post("/admin/v1/erasures").then().statusCode(201);
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body("{\"text\":\"they say every family in the HARBOUR town keeps a ledger of the names the sea has taken\"}")
                .post("/admin/v1/passages:match").then().statusCode(200).body("data.erasure_id", org.hamcrest.Matchers.hasItem(id));
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body("{\"text\": 3}")
                .post("/admin/v1/passages:match").then().statusCode(400).body("error.param", equalTo("text"));
    }
}
