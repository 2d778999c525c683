package io.lethe.testkit;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The test resource as a gateway test uses it: config key set, instance injected and reachable. */
@QuarkusTest
@WithTestResource(ReplayUpstreamResource.class)
class ReplayUpstreamResourceTest {

    @InjectReplayUpstream
    ReplayUpstream upstream;

    @Test
    void pointsLetheUpstreamUrlAtTheInjectedRunningUpstream() throws Exception {
        // when
        String configured = ConfigProvider.getConfig().getValue("lethe.upstream.url", String.class);
        HttpResponse<String> models = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(configured + "/models")).build(), HttpResponse.BodyHandlers.ofString());
        // then
        assertSame(ReplayUpstreamResource.upstream(), upstream);
        assertEquals(upstream.baseUrl(), configured);
        assertEquals(200, models.statusCode());
    }
}
