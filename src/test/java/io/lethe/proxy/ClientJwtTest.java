package io.lethe.proxy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * JWT bearer tokens of clients, tried as an attacker would: a valid token runs as the tenant of its claim;
 * expired, signed with another key, {@code alg: none}, another issuer or without a tenant claim: 401.
 */
@QuarkusTest
@TestProfile(ClientJwtTest.Issuer.class)
class ClientJwtTest {

    static final RsaJsonWebKey KEY = key("k1");
    static final RsaJsonWebKey OTHER = key("k1");  // same key id, another key: a forgery
    static final String ISSUER = "https://issuer.lethe.test";

    static RsaJsonWebKey key(String kid) {
        try {
            RsaJsonWebKey k = RsaJwkGenerator.generateJwk(2048);
            k.setKeyId(kid);
            return k;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static class Issuer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path jwks = Files.createDirectories(Path.of("target", "jwt-test")).resolve("jwks.json");
                Files.writeString(jwks, new JsonWebKeySet(List.of(KEY)).toJson());
                return Map.of("lethe.auth.anonymous", "false", "lethe.auth.jwt.jwks", jwks.toAbsolutePath().toString(),
                        "lethe.auth.jwt.issuer", ISSUER);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static String token(RsaJsonWebKey signer, Consumer<JwtClaims> edit) throws Exception {
        JwtClaims c = new JwtClaims();
        c.setIssuer(ISSUER);
        c.setSubject("client-7");
        c.setExpirationTimeMinutesInTheFuture(10);
        c.setIssuedAtToNow();
        c.setClaim("tenant", "acme");
        edit.accept(c);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(c.toJson());
        jws.setKey(signer.getPrivateKey());
        jws.setKeyIdHeaderValue(signer.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    static int scan(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"text\":\"Orsolya Brandvik signed it.\"}").post("/v1/guard/scan").statusCode();
    }

    @Test
    void aValidTokenRunsAsTheTenantOfItsClaim() throws Exception {
        String id = "jwt-" + UUID.randomUUID();
        given().header("Authorization", "Bearer test-admin-token").contentType(ContentType.JSON)
                .body("{\"id\":\"" + id + "\",\"subject\":{\"names\":[\"Orsolya Brandvik\"]},\"scope\":{\"tenants\":[\"acme\"]}}")
                .post("/admin/v1/erasures").then().statusCode(201);
        given().header("Authorization", "Bearer " + token(KEY, c -> { })).contentType(ContentType.JSON)
                .body("{\"text\":\"Orsolya Brandvik signed it.\"}").post("/v1/guard/scan").then().statusCode(200)
                .body("action", equalTo("redact"));
        given().header("Authorization", "Bearer " + token(KEY, c -> c.setClaim("tenant", "beta"))).contentType(ContentType.JSON)
                .body("{\"text\":\"Orsolya Brandvik signed it.\"}").post("/v1/guard/scan").then().statusCode(200)
                .body("action", equalTo("allow"));
    }

    @Test
    void expiredForgedUnsignedForeignOrTenantlessTokensAreRefused() throws Exception {
        org.assertj.core.api.Assertions.assertThat(scan(token(KEY, c -> c.setExpirationTime(NumericDate.fromSeconds(
                System.currentTimeMillis() / 1000 - 3600))))).as("expired").isEqualTo(401);
        org.assertj.core.api.Assertions.assertThat(scan(token(OTHER, c -> { }))).as("another key").isEqualTo(401);
        org.assertj.core.api.Assertions.assertThat(scan(token(KEY, c -> c.setIssuer("https://evil.test")))).as("issuer").isEqualTo(401);
        org.assertj.core.api.Assertions.assertThat(scan(token(KEY, c -> c.unsetClaim("tenant")))).as("no tenant").isEqualTo(401);
        // helper-71: "*", the scopes' wildcard, was taken as a tenant of that name
        org.assertj.core.api.Assertions.assertThat(scan(token(KEY, c -> c.setClaim("tenant", "*")))).as("tenant *").isEqualTo(401);
        org.assertj.core.api.Assertions.assertThat(scan(token(KEY, c -> c.setClaim("tenant", "acme*")))).as("acme*").isEqualTo(401);
        JsonWebSignature none = new JsonWebSignature();
        none.setPayload("{\"iss\":\"" + ISSUER + "\",\"sub\":\"x\",\"tenant\":\"acme\",\"exp\":" + (System.currentTimeMillis() / 1000 + 600) + "}");
        none.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        none.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
        org.assertj.core.api.Assertions.assertThat(scan(none.getCompactSerialization())).as("alg none").isEqualTo(401);
        org.assertj.core.api.Assertions.assertThat(scan(token(KEY, c -> { }) + "x")).as("tampered signature").isEqualTo(401);
    }
}
