package io.lethe.evidence.kafka;

import io.lethe.testkit.ReplayUpstreamResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The gateway with a real broker (one per profile start) and the replay upstream. */
public class KafkaEvidenceProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        // the broker is stopped mid-test to show evidence spooling while requests go on: cluster mode's bound on
        // an unread erasure log (ClusterReplicationIT tests it) would refuse them past 30 s on a slow machine
        return Map.of("lethe.evidence.kafka.stall-warning", "1s",
                "lethe.evidence.kafka.retry-backoff", "200ms",
                "lethe.cluster.max-staleness", "0s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KafkaBrokerResource.class), new TestResourceEntry(ReplayUpstreamResource.class));
    }
}
