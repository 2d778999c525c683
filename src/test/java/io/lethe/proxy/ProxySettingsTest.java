package io.lethe.proxy;

import io.lethe.proxy.upstream.UpstreamSettings;
import io.lethe.proxy.upstream.UpstreamTimeouts;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProxySettingsTest {

    private static final UpstreamTimeouts T = new UpstreamTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(1), Duration.ofSeconds(1));

    private static UpstreamSettings upstream(String name, String url, String... models) {
        return new UpstreamSettings(name, UpstreamSettings.parseUrl(name, url), Optional.empty(), List.of(models), T, 4);
    }

    @Test
    void aModelListedByTwoUpstreamsStopsStartUpNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ProxySettings(
                upstream("default", "http://h/v1"), List.of(upstream("a", "http://a/v1", "m"), upstream("b", "http://b/v1", "m")),
                1, 1, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("'m'") && e.getMessage().contains("'a'") && e.getMessage().contains("'b'"));
    }

    @Test
    void badUrlsAreRejectedWithTheUpstreamsName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> upstream("x", "ftp://h/v1")).getMessage().contains("'x'"));
        assertThrows(IllegalArgumentException.class, () -> upstream("x", "http:///v1"));
        assertThrows(IllegalArgumentException.class, () -> upstream("x", "http://h/v1?a=b"));
    }

    @Test
    void trailingSlashesAreTrimmedAndPortsDefaulted() {
        UpstreamSettings s = upstream("x", "https://h.example/v1//");
        assertEquals("/v1", s.basePath());
        assertEquals(443, s.port());
    }

    @Test
    void credentialsInTheUrlNeverShowInItsDisplayForm() {
        assertEquals("http://h:8000/v1", upstream("x", "http://user:pw@h:8000/v1").displayUrl());
    }

    @Test
    void timeoutsMustBePositive() {
        assertThrows(IllegalArgumentException.class,
                () -> new UpstreamTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }

    @Test
    void defaultIsAReservedName() {
        assertThrows(IllegalArgumentException.class, () -> new ProxySettings(upstream("default", "http://h/v1"),
                List.of(upstream("default", "http://a/v1", "m")), 1, 1, Duration.ofSeconds(1)));
    }

    @Test
    void requestIdsFromClientsMustBeVisibleAsciiOfSaneLength() {
        assertTrue(ProxyRoutes.usableRequestId("abc-123_X.y:z"));
        assertTrue(!ProxyRoutes.usableRequestId("has space"));
        assertTrue(!ProxyRoutes.usableRequestId("x".repeat(201)));
        assertTrue(!ProxyRoutes.usableRequestId(""));
    }
}
