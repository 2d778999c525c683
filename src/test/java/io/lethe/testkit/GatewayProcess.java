package io.lethe.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged gateway ({@code target/quarkus-app/quarkus-run.jar}) run as a real process, for tests that
 * kill it with SIGKILL and start it again. Output goes to a log file under {@code target/}.
 */
public final class GatewayProcess implements AutoCloseable {

    private final Map<String, String> env;
    private final int port;
    private final Path log;
    private Process process;

    public GatewayProcess(Map<String, String> env, Path log) {
        this.env = new HashMap<>(env);
        this.port = freePort();
        this.log = log;
        this.env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        // the test clients call without a credential unless a test sets keys (and turns this off) itself
        this.env.putIfAbsent("LETHE_AUTH_ANONYMOUS", "true");
    }

    public static Path jar() {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: integration tests run after 'package' (./mvnw verify)");
        }
        return jar;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the process and waits until {@code /q/health/ready} answers 200; returns the wait in ms. */
    public long start(Duration timeout) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Xmx1g", "-jar", jar().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        process = pb.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("gateway exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return (System.nanoTime() - t0) / 1_000_000;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("gateway not ready within " + timeout + "; see " + log);
    }

    /** SIGKILL: no shutdown hooks, no flushing; what was not committed is lost. */
    public void kill9() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        kill9();
    }
}
