package io.lethe.proxy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * Client authentication as API.md fixes it, tried as an attacker would: no credential, a wrong one, the admin
 * token where it is no client credential, another tenant's key, a scan for another tenant. Anonymous access is
 * off here (the default); the guard API answers only to credentials.
 */
@QuarkusTest
@TestProfile(ClientAuthTest.Keys.class)
class ClientAuthTest {

    static final String ADMIN = "Bearer test-admin-token";

    public static class Keys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lethe.auth.anonymous", "false", "lethe.tenants.beta.api-keys", "beta-key-1",
                    "lethe.tenants.rated.api-keys", "rated-key-1", "lethe.limits.credential-requests-per-second", "5",
                    "lethe.admin.tokens.loader.token", "loader-token", "lethe.admin.tokens.loader.roles", "importer",
                    "lethe.admin.tokens.audit.token", "audit-token", "lethe.admin.tokens.audit.roles", "auditor");
        }
    }

    @Test
    void everyClientRouteRefusesAMissingOrWrongCredentialInOpenAisShape() {
        String chat = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        for (String path : new String[]{"/v1/chat/completions", "/v1/completions", "/v1/responses", "/v1/guard/scan",
                "/v1/embeddings"}) {
            given().contentType(ContentType.JSON).body(chat).post(path).then().statusCode(401)
                    .header("WWW-Authenticate", "Bearer")
                    .body("error.type", equalTo("invalid_request_error")).body("error.code", equalTo("missing_api_key"))
                    .body("error.param", nullValue());
            given().header("Authorization", "Bearer not-a-key").contentType(ContentType.JSON).body(chat).post(path)
                    .then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
            given().header("Authorization", "Basic YWNtZTprZXk=").contentType(ContentType.JSON).body(chat).post(path)
                    .then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
        }
        given().get("/v1/models").then().statusCode(401).body("error.code", equalTo("missing_api_key"));
        // the admin token is a credential of the admin and guard APIs, not of the model routes
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(chat).post("/v1/chat/completions")
                .then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
        // two credentials are ambiguous, whichever comes first
        given().header("Authorization", "Bearer acme-key-1").header("Authorization", "Bearer beta-key-1")
                .contentType(ContentType.JSON).body("{\"text\":\"hi\"}").post("/v1/guard/scan").then().statusCode(400)
                .body("error.code", equalTo("ambiguous_credentials"));
        // refused calls are measured under one bounded tag, not under whatever path they named
        for (int i = 0; i < 3; i++) {
            given().post("/v1/probe-" + i).then().statusCode(401);
        }
        // (Quarkus' own http_server_requests caps its uri tags at 100 itself)
        String metrics = given().get("/q/metrics").then().extract().asString();
        org.assertj.core.api.Assertions.assertThat(metrics.lines().filter(l -> l.startsWith("lethe_")))
                .noneMatch(l -> l.contains("probe-")).anyMatch(l -> l.contains("endpoint=\"unauthenticated\""));
        // health says whether anonymous access is on
        given().get("/q/health/ready").then().body("checks.find { it.name == 'client-auth' }.data.anonymous", equalTo(false));
        // the request id is still answered on a refusal
        given().header("X-Request-Id", "auth-check-1").get("/v1/models").then().statusCode(401)
                .header("X-Request-Id", "auth-check-1");
    }

    /** Admin roles: an importer may only bulk-import, an auditor only read; the admin token does everything. */
    @Test
    void adminRolesLimitWhatEachNamedTokenMayDo() {
        String id = "roles-" + UUID.randomUUID();
        String body = "{\"id\":\"" + id + "\",\"subject\":{\"names\":[\"Tamsin Oyelaran\"]}}";
        given().header("Authorization", "Bearer loader-token").contentType(ContentType.JSON).body(body)
                .post("/admin/v1/erasures").then().statusCode(403).body("error.code", equalTo("forbidden"));
        given().header("Authorization", "Bearer audit-token").contentType(ContentType.JSON).body(body)
                .post("/admin/v1/erasures").then().statusCode(403);
        given().header("Authorization", "Bearer loader-token").contentType("application/x-ndjson").body((body + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/admin/v1/erasures:bulk").then().statusCode(200).body("accepted", equalTo(1));
        given().header("Authorization", "Bearer audit-token").get("/admin/v1/erasures/" + id).then().statusCode(200);
        given().header("Authorization", "Bearer audit-token").get("/admin/v1/erasures").then().statusCode(200);
        given().header("Authorization", "Bearer loader-token").get("/admin/v1/erasures/" + id).then().statusCode(403);
        given().header("Authorization", "Bearer audit-token").delete("/admin/v1/erasures/" + id).then().statusCode(403);
        given().header("Authorization", "Bearer audit-token").contentType("application/x-ndjson").body((body + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/admin/v1/erasures:bulk").then().statusCode(403);
        given().header("Authorization", ADMIN).delete("/admin/v1/erasures/" + id).then().statusCode(200);
        // named admin tokens are no client credential either
        given().header("Authorization", "Bearer audit-token").contentType(ContentType.JSON).body("{\"text\":\"x\"}")
                .post("/v1/guard/scan").then().statusCode(401);
    }

    @Test
    void aCredentialOverItsRateIsAnswered429WithRetryAfter() {
        int refused = 0;
        for (int i = 0; i < 20; i++) {
            var r = given().header("Authorization", "Bearer rated-key-1").contentType(ContentType.JSON)
                    .body("{\"text\":\"hello\"}").post("/v1/guard/scan");
            if (r.statusCode() == 429) {
                refused++;
                r.then().header("Retry-After", "1").body("error.code", equalTo("rate_limit_exceeded"))
                        .body("error.type", equalTo("requests"));
            } else {
                r.then().statusCode(200);
            }
        }
        // 5 a second: 20 back-to-back requests cannot all pass (they take well under 3 s here)
        org.assertj.core.api.Assertions.assertThat(refused).isGreaterThan(0);
        given().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString("lethe_limits_refused_total{limit=\"credential_rate\""));
    }

    @Test
    void aKeyScansForItsOwnTenantOnlyAndTheAdminTokenForAny() {
        String id = "auth-" + UUID.randomUUID();
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"id\":\"" + id + "\",\"subject\":{\"names\":[\"Ottoline Verhagen\"]},\"scope\":{\"tenants\":[\"acme\"]}}")
                .post("/admin/v1/erasures").then().statusCode(201);
        // a scope naming a tenant without keys is accepted, with a warning (a typo would apply nowhere)
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"subject\":{\"names\":[\"Wendeline Okafor\"]},\"scope\":{\"tenants\":[\"ACME\",\"acne\"]}}")
                .post("/admin/v1/erasures").then().statusCode(201)
                .body("warnings.field", org.hamcrest.Matchers.contains("scope.tenants[1]"));
        String text = "{\"text\":\"Ottoline Verhagen signed it.\"}";
        given().header("Authorization", "Bearer acme-key-1").contentType(ContentType.JSON).body(text)
                .post("/v1/guard/scan").then().statusCode(200).body("action", equalTo("redact"))
                .body("findings", hasSize(1)).body("tenant", equalTo("acme"));
        // another tenant's key neither triggers nor reads acme's erasure
        given().header("Authorization", "Bearer beta-key-1").contentType(ContentType.JSON).body(text)
                .post("/v1/guard/scan").then().statusCode(200).body("action", equalTo("allow"));
        // nor can it ask as acme: the tenant comes from the credential
        given().header("Authorization", "Bearer beta-key-1").contentType(ContentType.JSON)
                .body("{\"text\":\"Ottoline Verhagen signed it.\",\"tenant\":\"acme\"}")
                .post("/v1/guard/scan").then().statusCode(403).body("error.param", equalTo("tenant"));
        given().header("Authorization", "Bearer beta-key-1").header("X-Lethe-Tenant", "acme").contentType(ContentType.JSON)
                .body(text).post("/v1/guard/scan").then().statusCode(200).body("action", equalTo("allow"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"text\":\"Ottoline Verhagen signed it.\",\"tenant\":\"acme\"}")
                .post("/v1/guard/scan").then().statusCode(200).body("action", equalTo("redact"));
    }
}
