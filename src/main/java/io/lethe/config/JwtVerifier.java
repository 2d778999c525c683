package io.lethe.config;

import io.lethe.proxy.ClientAuth;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;

/**
 * Client JWT bearer tokens verified with SmallRye JWT against a JWKS (file or URL) and an issuer: signature
 * (RS256, ES256 or PS256; {@code alg: none} and other keys are refused), issuer, expiry, optional audience. The
 * tenant comes from a claim ({@code lethe.auth.jwt.tenant-claim}, default {@code tenant}); the {@code groups}
 * claim holding {@code scan-any-tenant} lets the caller scan for any tenant. Thread-safe (the parser caches the
 * key set).
 */
final class JwtVerifier implements ClientAuth.TokenVerifier {

    private static final Logger LOG = Logger.getLogger(JwtVerifier.class);
    static final String SCAN_ANY_TENANT = "scan-any-tenant";
    /** Longest tenant claim taken (a tenant name is a label, not text). */
    static final int MAX_TENANT = 128;

    private final DefaultJWTParser parser;
    private final String tenantClaim;

    JwtVerifier(String jwks, String issuer, java.util.Optional<String> audience, String tenantClaim) {
        JWTAuthContextInfo info = new JWTAuthContextInfo(jwks, issuer);
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256, SignatureAlgorithm.PS256));
        audience.ifPresent(a -> info.setExpectedAudience(Set.of(a)));
        this.parser = new DefaultJWTParser(info);
        this.tenantClaim = tenantClaim;
    }

    @Override
    public ClientAuth.Principal verify(String token) throws ClientAuth.Unauthorized {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            // the reason names no claim value, only what failed (expired, signature, issuer)
            LOG.debugf("client JWT refused: %s", e.getClass().getSimpleName());
            throw ClientAuth.invalid();
        }
        Object tenant = jwt.getClaim(tenantClaim);
        if (!(tenant instanceof String t) || t.isBlank() || t.indexOf('*') >= 0 || t.length() > MAX_TENANT) {
            // "*" is the scopes' wildcard: a tenant of that name reads as "every tenant" to anyone reading scopes
            throw ClientAuth.invalid();
        }
        String subject = jwt.getSubject() == null ? "" : jwt.getSubject();
        return new ClientAuth.Principal(t, jwt.getGroups() != null && jwt.getGroups().contains(SCAN_ANY_TENANT),
                "jwt:" + hash(jwt.getIssuer() + "\u0000" + subject).substring(0, 8), jwt.getGroups());
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
