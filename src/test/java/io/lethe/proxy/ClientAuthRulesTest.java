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
}
