package io.lethe.proxy;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Set;

/** The one profile of the proxy's tests: the fake upstream and the test guard (one Quarkus start for all). */
public class ProxyTestProfile implements QuarkusTestProfile {

    /** No client key: the gateway is an anonymous pass-through, so clients' own keys reach the upstream. */
    @Override
    public java.util.Map<String, String> getConfigOverrides() {
        return java.util.Map.of("lethe.tenants.acme.api-keys", "");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(TestPipelineSource.class);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FakeUpstreamResource.class));
    }
}
