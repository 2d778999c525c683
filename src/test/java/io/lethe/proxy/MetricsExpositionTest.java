package io.lethe.proxy;

import io.lethe.proxy.openai.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.lethe.proxy.TestHttp.chat;
import static io.lethe.proxy.TestHttp.replay;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /q/metrics}: latencies are histograms with the gateway's buckets, and the page passes promtool. */
@QuarkusTest
@TestProfile(ProxyTestProfile.class)
class MetricsExpositionTest {

    private static String page() {
        // traffic first, so the per-request meters exist
        given().contentType("application/json").body(Json.write(chat("fake-model", false,
                replay("openai-nonstream-gpt4omini.json")))).post("/v1/chat/completions").then().statusCode(200);
        given().contentType("application/json").body(Json.write(chat("fake-model", true,
                replay("vllm-stream-usage-deepseekv31.sse")))).post("/v1/chat/completions").then().statusCode(200);
        given().contentType("application/json").body("{\"text\":\"Voldemort wrote it.\"}").post("/v1/guard/scan")
                .then().statusCode(200);
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void latenciesAreHistogramsFromSubMillisecondToMinutesNotSummaries() {
        String page = page();
        assertThat(page).contains("# TYPE lethe_requests_seconds histogram")
                .contains("# TYPE lethe_upstream_latency_seconds histogram")
                .contains("# TYPE lethe_guard_scan_seconds histogram")
                .contains("# TYPE lethe_stream_chunk_delay_seconds histogram")
                .contains("# TYPE http_server_requests_seconds histogram");
        assertThat(page).containsPattern("lethe_requests_seconds_bucket\\{[^}]*le=\"5\\.0E-4\"")
                .containsPattern("lethe_requests_seconds_bucket\\{[^}]*le=\"600\\.0\"")
                .containsPattern("lethe_guard_scan_seconds_bucket\\{[^}]*le=\"1\\.0E-5\"");
        assertThat(page).as("no client-side quantiles anywhere").doesNotContain("quantile=\"");
    }

    /**
     * Every {@code lethe_*} series the Grafana dashboard queries is on the page, or is one that appears with its
     * first event (a counter registered when first counted: its Micrometer name is in the sources), or is one of
     * the registry replication's two (exported in cluster mode).
     */
    @Test
    void everyMetricTheDashboardQueriesExists() throws Exception {
        String page = page();
        String dashboard = Files.readString(Path.of("deploy", "grafana", "lethe-dashboard.json"));
        java.util.Set<String> names = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("lethe_[a-z0-9_]+").matcher(dashboard);
        while (m.find()) {
            names.add(m.group());
        }
        assertThat(names).hasSizeGreaterThan(10);
        String sources = sources();
        for (String n : names) {
            if (n.equals("lethe_registry_replication_lag_records") || n.equals("lethe_registry_replication_applied_total")) {
                continue;
            }
            boolean onPage = java.util.regex.Pattern.compile("(?m)^" + n + "[{ ]").matcher(page).find();
            String micrometer = n.replaceAll("_(total|count|sum|bucket)$", "").replace('_', '.');
            assertThat(onPage || sources.contains('"' + micrometer + '"')).as(n + " on /q/metrics or registered in src/main").isTrue();
        }
    }

    private static String sources() throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        try (java.util.stream.Stream<Path> s = Files.walk(Path.of("src", "main", "java"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".java")).toList()) {
                sb.append(Files.readString(p));
            }
        }
        return sb.toString();
    }

    @Test
    void theMetricsPagePassesPromtool() throws Exception {
        Assumptions.assumeTrue(onPath("promtool"),
                "promtool not on PATH (Debian package 'prometheus'): `promtool check metrics` skipped");
        Path file = Files.createTempFile("lethe-metrics", ".txt");
        Path out = Files.createTempFile("lethe-promtool", ".txt");
        try {
            String page = page();
            Files.writeString(file, page, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
            String report = Files.readString(out);
            // 0: clean; 1: the page does not parse; 3: lint findings, each checked below
            assertThat(p.exitValue()).as("promtool check metrics: " + report + "\n" + around(page, report)).isIn(0, 3);
            for (String finding : report.strip().lines().filter(l -> !l.isBlank()).toList()) {
                assertThat(counterHelpNotPaired(page, finding)).as("promtool finding: " + finding).isTrue();
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(out);
        }
    }

    /**
     * The one lint finding the page cannot avoid: the Prometheus client behind Micrometer writes a counter as
     * {@code # TYPE x counter} with samples {@code x_total}, and promtool 2.42 reads {@code x_total} as a family
     * of its own without HELP. Accepted only where {@code x} really is a counter with a HELP line.
     */
    private static boolean counterHelpNotPaired(String page, String finding) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)_total no help text$")
                .matcher(finding.strip());
        if (!m.matches()) {
            return false;
        }
        String family = m.group(1);
        String lines = "\n" + page;  // the first family on the page has no line before it
        return lines.contains("\n# TYPE " + family + " counter\n") && lines.contains("\n# HELP " + family + " ");
    }

    /** The page's lines around the one promtool names ("line N"), for the failure message. */
    private static String around(String page, String report) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("line (\\d+)").matcher(report);
        if (!m.find()) {
            return "";
        }
        String[] lines = page.split("\n", -1);
        int n = Integer.parseInt(m.group(1));
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, n - 2), Math.min(lines.length, n + 1)));
    }

    /** Whether {@code tool} is an executable file in some PATH folder. */
    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
