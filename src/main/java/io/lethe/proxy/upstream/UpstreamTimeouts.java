package io.lethe.proxy.upstream;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the proxy waits on an upstream.
 *
 * @param connect   TCP/TLS connect
 * @param firstByte request sent → first byte of the response body
 * @param idle      longest gap between two body pieces once the body started
 * @param total     the whole exchange
 */
public record UpstreamTimeouts(Duration connect, Duration firstByte, Duration idle, Duration total) {

    public UpstreamTimeouts {
        positive("connect", connect);
        positive("first-byte", firstByte);
        positive("idle", idle);
        positive("total", total);
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("timeout " + name + " must be positive, got " + d);
        }
    }
}
