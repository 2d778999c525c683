package io.lethe.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deploy/grafana/lethe-dashboard.json}: covers what the issue asks for, and its PromQL parses. */
class DashboardTest {

    static final Path DASHBOARD = Path.of("deploy", "grafana", "lethe-dashboard.json");

    /** Every query of the dashboard. */
    static List<String> queries() throws Exception {
        JsonNode d = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> out = new ArrayList<>();
        for (JsonNode p : d.path("panels")) {
            for (JsonNode t : p.path("targets")) {
                out.add(t.path("expr").asText());
            }
        }
        return out;
    }

    @Test
    void theDashboardShowsTrafficLatencyGuardLeaksBacklogReplicationAndClassifier() throws Exception {
        JsonNode d = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(d.path("uid").asText()).isEqualTo("lethe-gateway");
        String all = String.join("\n", queries());
        assertThat(all).contains("lethe_requests_seconds_count")
                .contains("histogram_quantile(0.99, sum by (le) (rate(lethe_requests_seconds_bucket")
                .contains("lethe_upstream_latency_seconds_bucket")
                .contains("sum by (detector, action) (rate(lethe_guard_findings_total")
                .contains("lethe_evidence_recorded_total")
                .contains("lethe_evidence_spool_unsent_events")
                .contains("lethe_registry_replication_lag_records")
                .contains("lethe_registry_replication_applied_total")
                .contains("lethe_classifier_queue");
        for (JsonNode p : d.path("panels")) {
            if (!"row".equals(p.path("type").asText())) {
                assertThat(p.at("/datasource/uid").asText()).as(p.path("title").asText()).isEqualTo("${datasource}");
                assertThat(p.path("targets").size()).as(p.path("title").asText()).isPositive();
            }
        }
    }

    /** Each query as a recording rule, so {@code promtool check rules} parses it (Grafana's variables filled in). */
    @Test
    void everyQueryParsesAsPromql() throws Exception {
        Assumptions.assumeTrue(Tools.onPath("promtool"),
                "promtool not on PATH (Debian package 'prometheus'): PromQL of the dashboard not checked");
        StringBuilder rules = new StringBuilder("groups:\n  - name: lethe-dashboard\n    rules:\n");
        int i = 0;
        for (String q : queries()) {
            String expr = q.replace("$__rate_interval", "5m").replace("$job", ".*");
            rules.append("      - record: lethe:dashboard_query:").append(i++).append('\n')
                    .append("        expr: '").append(expr.replace("'", "''")).append("'\n");
        }
        Path file = Files.createTempFile("lethe-dashboard-rules", ".yaml");
        try {
            Files.writeString(file, rules);
            Tools.Run r = Tools.run(Path.of("."), 60, List.of("promtool", "check", "rules", file.toString()));
            assertThat(r.exit()).as("promtool check rules:\n" + r.output() + "\n" + rules).isZero();
            assertThat(r.output()).contains("SUCCESS: " + i + " rules found");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
