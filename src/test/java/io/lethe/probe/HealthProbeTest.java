package io.lethe.probe;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class HealthProbeTest {

    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/up", x -> {
            byte[] b = "{\"status\":\"UP\"}".getBytes();
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.createContext("/down", x -> {
            byte[] b = "{\"status\":\"DOWN\"}".getBytes();
            x.sendResponseHeaders(503, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.createContext("/slow", x -> {
            try {
                Thread.sleep(HealthProbe.TIMEOUT_MS + 1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void healthyOnlyWhenEveryUrlAnswers200() throws Exception {
        assertThat(HealthProbe.check(base + "/up", base + "/up")).isZero();
        assertThat(HealthProbe.check(base + "/up", base + "/down")).as("one 503").isEqualTo(1);
        assertThat(HealthProbe.check(base + "/slow")).as("no answer within the timeout").isEqualTo(1);
        assertThat(HealthProbe.check("http://127.0.0.1:" + closedPort() + "/q/health/ready")).as("refused").isEqualTo(1);
        assertThat(HealthProbe.check("not a url")).isEqualTo(1);
    }

    /** The exec form the images use: a bare JVM, the class from the classpath, the exit code as the result. */
    @Test
    void runsAsItsOwnProcessAndExitsWithTheResult() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = Path.of("target", "classes").toString();
        Process ok = new ProcessBuilder(java, "-Xmx16m", "-cp", cp, HealthProbe.class.getName(), base + "/up")
                .redirectErrorStream(true).start();
        assertThat(ok.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ok.exitValue()).isZero();
        Process bad = new ProcessBuilder(java, "-Xmx16m", "-cp", cp, HealthProbe.class.getName(), base + "/down")
                .redirectErrorStream(true).start();
        assertThat(bad.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(1);
        assertThat(new String(bad.getInputStream().readAllBytes())).contains("status 503");
    }
}
