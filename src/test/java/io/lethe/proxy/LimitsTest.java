package io.lethe.proxy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Rates and stream bounds per credential and tenant. */
class LimitsTest {

    final ClientAuth.Principal a1 = new ClientAuth.Principal("acme", false, "key:aaaa1111");
    final ClientAuth.Principal a2 = new ClientAuth.Principal("acme", false, "key:aaaa2222");
    final ClientAuth.Principal b1 = new ClientAuth.Principal("beta", false, "key:bbbb1111");

    @Test
    void aCredentialsRateIsItsOwnAndATenantsCoversAllItsCredentials() {
        Limits l = new Limits(new Limits.Settings(2, 3, 0, 0));
        assertThat(l.request(a1)).isNull();
        assertThat(l.request(a1)).isNull();
        assertThat(l.request(a1)).extracting(Limits.Refusal::limit).isEqualTo("credential_rate");
        assertThat(l.request(a2)).as("acme's third request this second").isNull();
        assertThat(l.request(a2)).extracting(Limits.Refusal::limit).isEqualTo("tenant_rate");
        assertThat(l.request(b1)).as("another tenant is not affected").isNull();
    }

    @Test
    void streamsAreBoundedAndFreedWhenTheyEnd() {
        Limits l = new Limits(new Limits.Settings(0, 0, 1, 2));
        assertThat(l.streamStarted(a1)).isNull();
        assertThat(l.streamStarted(a1)).extracting(Limits.Refusal::limit).isEqualTo("credential_streams");
        assertThat(l.streamStarted(a2)).isNull();
        assertThat(l.streamStarted(new ClientAuth.Principal("acme", false, "key:cccc"))).extracting(Limits.Refusal::limit)
                .isEqualTo("tenant_streams");
        l.streamEnded(a1);
        assertThat(l.streamStarted(a1)).as("freed by the end of the first").isNull();
        assertThat(new Limits(Limits.Settings.OFF).streamStarted(a1)).isNull();
    }
}
