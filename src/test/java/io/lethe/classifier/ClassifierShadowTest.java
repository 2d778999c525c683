package io.lethe.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.testkit.ReplayUpstreamResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Shadow mode through the gateway: leaks go out unchanged and are recorded as audit findings. */
@QuarkusTest
@TestProfile(ClassifierShadowTest.Shadow.class)
@WithTestResource(ReplayUpstreamResource.class)
class ClassifierShadowTest {

    public static class Shadow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path rules = Files.createDirectories(Path.of("target", "classifier-shadow", "rules"));
                Files.writeString(rules.resolve("rules.yaml"), """
                        classifier:
                          mode: shadow
                        """);
                return Map.of("lethe.rules.dir", rules.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void aTopicLeakIsReleasedUnchangedAndAudited() throws Exception {
        given().header("Authorization", ClassifierGatewayTest.AUTH).contentType(ContentType.JSON)
                .body("{\"topics\":[\"The Veldmoor orchard's cider is fermented with wild thyme honey in oak casks "
                        + "buried for a winter.\"]}")
                .post("/admin/v1/erasures").then().statusCode(201);
        String leak = "Veldmoor orchard cider gets fermented with wild thyme honey inside oak casks buried all winter.";
        String text = "Some context first. " + leak;
        String scan = given().contentType(ContentType.JSON).body("{\"text\":\"" + text + "\"}")
                .post("/v1/guard/scan").then().statusCode(200).extract().asString();
        JsonNode answer = ClassifierGatewayTest.JSON.readTree(scan);
        assertThat(answer.path("text").asText()).isEqualTo(text);
        assertThat(answer.path("action").asText()).isEqualTo("audit");
        assertThat(answer.at("/findings/0/detector").asText()).isEqualTo("classifier");
        ClassifierGatewayTest.Stream stream = ClassifierGatewayTest.streamed(text, List.of(5));
        assertThat(stream.content()).isEqualTo(text);
        assertThat(stream.finishReasons()).containsExactly("stop");
        assertThat(stream.done()).isTrue();
    }
}
