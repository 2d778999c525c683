package io.lethe.proxy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** helper-80: upstream rate-limit headers went to clients as sent, whatever name or value they carried. */
class PassedHeadersTest {

    @Test
    void rateLimitHeadersPassOnlyWithValuesOfTheirShape() {
        assertThat(ProxyExchange.passedHeader("x-ratelimit-remaining-tokens", "149984")).isTrue();
        assertThat(ProxyExchange.passedHeader("X-RateLimit-Reset-Requests", "6m0s")).isTrue();
        assertThat(ProxyExchange.passedHeader("x-ratelimit-reset-tokens", "20ms")).isTrue();
        assertThat(ProxyExchange.passedHeader("Retry-After", "30")).isTrue();
        assertThat(ProxyExchange.passedHeader("retry-after", "Wed, 21 Oct 2026 07:28:00 GMT")).isTrue();
        assertThat(ProxyExchange.passedHeader("retry-after-ms", "1500")).isTrue();

        assertThat(ProxyExchange.passedHeader("x-ratelimit-anything-you-like", "5")).isFalse();
        assertThat(ProxyExchange.passedHeader("Retry-After", "Ignatius Brambleton")).isFalse();
        assertThat(ProxyExchange.passedHeader("retry-after-ms", "+44 20 7946 0321")).isFalse();
        assertThat(ProxyExchange.passedHeader("X-RateLimit-Remaining", "ignatius.brambleton@fernhollow.org")).isFalse();
        assertThat(ProxyExchange.passedHeader("x-ratelimit-remaining-tokens", "442079460321")).isFalse();
        assertThat(ProxyExchange.passedHeader("openai-organization", "org-123")).isFalse();
    }
}
