package io.lethe.proxy;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who a request runs as, in both modes (the gateway-level checks are in {@link ClientAuthTest}). */
class ClientAuthRulesTest {

    final ClientAuth strict = new ClientAuth(Map.of("k-acme", "acme"), "admin-token", false);
    final ClientAuth open = new ClientAuth(Map.of("k-acme", "acme"), "admin-token", true);

    @Test
    void aKeyRunsAsItsTenantAndIsNeverForwarded() throws Exception {
        for (ClientAuth a : new ClientAuth[]{strict, open}) {
            ClientAuth.Principal p = a.authenticate("Bearer k-acme", false);
            assertThat(p.tenant()).isEqualTo("acme");
            assertThat(p.gatewayCredential()).isTrue();
            assertThat(p.credential()).startsWith("key:").doesNotContain("k-acme");
            assertThat(a.authenticate("bearer  k-acme ", false).tenant()).as("scheme case and spaces").isEqualTo("acme");
        }
    }

    @Test
    void withoutAnonymousAccessAMissingOrWrongCredentialIsRefused() {
        assertThatThrownBy(() -> strict.authenticate(null, false)).isInstanceOf(ClientAuth.Unauthorized.class)
                .matches(e -> ((ClientAuth.Unauthorized) e).missing());
        assertThatThrownBy(() -> strict.authenticate("Bearer nope", false)).isInstanceOf(ClientAuth.Unauthorized.class)
                .matches(e -> !((ClientAuth.Unauthorized) e).missing());
        assertThatThrownBy(() -> strict.authenticate("Basic azph", false)).isInstanceOf(ClientAuth.Unauthorized.class);
        assertThatThrownBy(() -> strict.authenticate("Bearer ", false)).isInstanceOf(ClientAuth.Unauthorized.class);
    }

    @Test
    void withAnonymousAccessAndNoKeysAnUnknownBearerIsTheClientsOwnAndRunsAsDefault() throws Exception {
        ClientAuth passThrough = new ClientAuth(Map.of(), "admin-token", true);
        ClientAuth.Principal p = passThrough.authenticate("Bearer sk-their-openai-key", false);
        assertThat(p.tenant()).isEqualTo(ClientAuth.DEFAULT_TENANT);
        assertThat(p.gatewayCredential()).as("forwarded upstream where no upstream key is set").isFalse();
        assertThat(passThrough.authenticate("Basic azph", false).gatewayCredential()).isFalse();
    }

    @Test
    void aNamedAdminTokenIsNeverAClientCredentialNorForwardedEvenInPassThrough() {
        ClientAuth passThrough = new ClientAuth(Map.of(), "admin-token", true).withAdminTokens(java.util.List.of("importer-token"));
        assertThatThrownBy(() -> passThrough.authenticate("Bearer importer-token", false))
                .isInstanceOf(ClientAuth.Unauthorized.class);
        assertThatThrownBy(() -> passThrough.authenticate("Bearer importer-token", true))
                .isInstanceOf(ClientAuth.Unauthorized.class);
    }

    @Test
    void withAnonymousAccessAndKeysAMissingCredentialRunsAsDefaultButAWrongOneIsRefused() throws Exception {
        assertThat(open.authenticate(null, false).tenant()).isEqualTo(ClientAuth.DEFAULT_TENANT);
        assertThatThrownBy(() -> open.authenticate("Bearer k-acmx", false)).as("a mistyped key never goes upstream")
                .isInstanceOf(ClientAuth.Unauthorized.class);
        assertThatThrownBy(() -> open.authenticate("Basic azph", false)).isInstanceOf(ClientAuth.Unauthorized.class);
    }

    @Test
    void theAdminTokenScansForAnyTenantButIsNoClientCredentialElsewhere() throws Exception {
        for (ClientAuth a : new ClientAuth[]{strict, open}) {
            assertThat(a.authenticate("Bearer admin-token", true).anyTenant()).isTrue();
            assertThatThrownBy(() -> a.authenticate("Bearer admin-token", false))
                    .as("never served as anonymous, never forwarded upstream").isInstanceOf(ClientAuth.Unauthorized.class);
        }
        assertThat(strict.toString()).doesNotContain("k-acme").doesNotContain("admin-token");
    }

    /** Keys in a file are added, rotated and revoked without a restart; a broken edit keeps the keys in force. */
    @Test
    void keysFromAFileAreRevokedWithoutARestart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("keys");
        String hashed = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("k-beta".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        java.nio.file.Files.writeString(f, "# tenant key\nacme k-file-1\nbeta sha256:" + hashed + "\n");
        ClientAuth.KeyFile file = new ClientAuth.KeyFile(f, java.time.Duration.ZERO);
        ClientAuth a = new ClientAuth(Map.of(), null, false).withKeyFile(file);
        java.nio.file.attribute.FileTime stamp = java.nio.file.Files.getLastModifiedTime(f);
        assertThat(a.authenticate("Bearer k-file-1", false).tenant()).isEqualTo("acme");
        assertThat(a.authenticate("Bearer k-beta", false).tenant()).as("listed by its hash").isEqualTo("beta");
        java.nio.file.Files.writeString(f, "beta sha256:" + hashed + "\n");
        java.nio.file.Files.setLastModifiedTime(f, stamp);  // the same timestamp: the content tells
        file.reload();  // what the file's own thread does every keys-file-check
        assertThatThrownBy(() -> a.authenticate("Bearer k-file-1", false)).as("revoked").isInstanceOf(ClientAuth.Unauthorized.class);
        java.nio.file.Files.writeString(f, "beta\n");
        java.nio.file.Files.setLastModifiedTime(f, stamp);
        file.reload();
        assertThat(a.authenticate("Bearer k-beta", false).tenant()).as("a broken edit keeps the keys read before")
                .isEqualTo("beta");
    }
}
