package io.lethe.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts a {@link ReplayUpstream} for a {@code @QuarkusTest} and points the gateway at it.
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(ReplayUpstreamResource.class)   // or @WithTestResource in newer Quarkus
 * class ProxyTest {
 *     @InjectReplayUpstream ReplayUpstream upstream;     // or ReplayUpstreamResource.upstream()
 * }
 * }</pre>
 *
 * <p>Returns {@code lethe.upstream.url=<baseUrl>}. Init arg {@code property} names another key to set
 * instead (a named upstream, say). The running instance is also reachable statically, because Quarkus
 * may share one resource among several test classes.
 */
public class ReplayUpstreamResource implements QuarkusTestResourceLifecycleManager {

    public static final String DEFAULT_PROPERTY = "lethe.upstream.url";

    private static volatile ReplayUpstream current;

    private String property = DEFAULT_PROPERTY;
    private ReplayUpstream upstream;

    /** The upstream started by the most recent {@link #start()}; throws when none is running. */
    public static ReplayUpstream upstream() {
        ReplayUpstream u = current;
        if (u == null) {
            throw new IllegalStateException("no ReplayUpstream running: is the test annotated with "
                    + "@QuarkusTestResource(ReplayUpstreamResource.class)?");
        }
        return u;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        String p = initArgs.get("property");
        if (p != null && !p.isBlank()) {
            property = p;
        }
    }

    @Override
    public Map<String, String> start() {
        upstream = ReplayUpstream.start();
        current = upstream;
        return Map.of(property, upstream.baseUrl());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(upstream,
                new TestInjector.AnnotatedAndMatchesType(InjectReplayUpstream.class, ReplayUpstream.class));
    }

    @Override
    public void stop() {
        if (upstream != null) {
            if (current == upstream) {
                current = null;
            }
            upstream.close();
            upstream = null;
        }
    }
}
