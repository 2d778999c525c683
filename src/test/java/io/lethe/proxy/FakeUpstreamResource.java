package io.lethe.proxy;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the {@link FakeUpstream} and points the proxy at it: the default upstream plus three named ones
 * ({@code second} with its own key, {@code open} without a key, {@code slow} with short timeouts), all
 * served by the same fake under different path prefixes.
 */
public class FakeUpstreamResource implements QuarkusTestResourceLifecycleManager {

    private FakeUpstream upstream;

    @Override
    public Map<String, String> start() {
        upstream = new FakeUpstream();
        int port = upstream.start();
        String base = "http://127.0.0.1:" + port;
        Map<String, String> config = new HashMap<>();
        config.put("lethe.upstream.url", base + "/v1/");
        config.put("lethe.upstream.api-key", "default-key");
        config.put("lethe.upstream.timeouts.idle", "5s");
        config.put("lethe.upstreams.second.url", base + "/second/v1");
        config.put("lethe.upstreams.second.api-key", "second-key");
        config.put("lethe.upstreams.second.models", "second-model,second-model-b");
        config.put("lethe.upstreams.open.url", base + "/open/v1");
        config.put("lethe.upstreams.open.models", "open-model");
        config.put("lethe.upstreams.slow.url", base + "/slow/v1");
        config.put("lethe.upstreams.slow.models", "slow-model");
        config.put("lethe.upstreams.slow.timeouts.first-byte", "400ms");
        config.put("lethe.upstreams.slow.timeouts.idle", "600ms");
        config.put("lethe.upstreams.down.url", "http://127.0.0.1:" + closedPort() + "/v1");
        config.put("lethe.upstreams.down.models", "down-model");
        config.put("lethe.proxy.max-body-size", "64K");
        config.put("fake.upstream.base", base);
        return config;
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }
}
