package io.lethe.proxy;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Meter filters that keep {@code /q/metrics} a clean Prometheus page ({@code promtool check metrics}). Quarkus
 * applies every {@link MeterFilter} bean to its registries.
 */
public class PrometheusFilters {

    /**
     * Timers of Quarkus and Vert.x ({@code http_server_requests_seconds}, the worker pools' queue delay) get the
     * gateway's request buckets, so every latency on the page is a histogram, none a summary. The gateway's
     * own timers ({@code lethe.*}) set their buckets themselves.
     */
    @Produces
    @Singleton
    MeterFilter httpTimerBuckets() {
        double[] slos = new double[ProxyMetrics.REQUEST_BUCKETS.length];
        for (int i = 0; i < slos.length; i++) {
            slos[i] = ProxyMetrics.REQUEST_BUCKETS[i].toNanos();
        }
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() == Meter.Type.TIMER && !id.getName().startsWith("lethe.")) {
                    return DistributionStatisticConfig.builder()
                            .percentilesHistogram(false)
                            .serviceLevelObjectives(slos)
                            .build().merge(config);
                }
                return config;
            }
        };
    }

    /**
     * The {@code uri} label of Quarkus' HTTP server meters ({@code http_server_requests_seconds}) is one of the
     * gateway's route templates or a fixed word, never a raw path. Quarkus templates only the routes that
     * matched with a {@code :param}; a 401 (refused before its route), a regex route ({@code :bulk}, the audit's
     * {@code models/{model}/...}) or an odd spelling kept the path as sent, which can hold an erased e-mail or
     * name (red team h68 F1). Applied before Quarkus' cap on distinct values counts them.
     */
    @Produces
    @Singleton
    MeterFilter templatedUris() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String uri = id.getName().startsWith("http.server") ? id.getTag("uri") : null;
                if (uri == null) {
                    return id;
                }
                String template = uriTemplate(uri);
                return template.equals(uri) ? id : id.withTag(io.micrometer.core.instrument.Tag.of("uri", template));
            }
        };
    }

    /** Route templates the gateway serves, exactly as the {@code uri} label may show them. */
    private static final java.util.Set<String> ROUTES = java.util.Set.of("/v1/chat/completions", "/v1/completions",
            "/v1/responses", "/v1/embeddings", "/v1/models", "/v1/models/{model}", "/v1/guard/scan",
            "/admin/v1/erasures", "/admin/v1/erasures/{id}", "/admin/v1/erasures:bulk", "/admin/v1/passages:match",
            "/admin/v1/models/{model}/erasure-debt", "/admin/v1/models/{model}/residual-knowledge",
            "/admin/v1/models/{model}/residual-knowledge:run", "/admin/v1/residual-knowledge:compare",
            // Quarkus' own words: the root, unmatched 404s, redirects, suppressed 4xx, CORS pre-flights
            "root", "NOT_FOUND", "REDIRECTION", "UNKNOWN", "/cors-preflight");
    /** Paths (as sent, percent-encoded) of the routes with a parameter or a colon, and their templates. */
    private static final java.util.Map<java.util.regex.Pattern, String> PARAMETERISED = new java.util.LinkedHashMap<>();

    static {
        String colon = "(:|%3[aA])";
        PARAMETERISED.put(java.util.regex.Pattern.compile("/v1/models/.+"), "/v1/models/{model}");
        PARAMETERISED.put(java.util.regex.Pattern.compile("/admin/v1/erasures" + colon + "bulk"), "/admin/v1/erasures:bulk");
        PARAMETERISED.put(java.util.regex.Pattern.compile("/admin/v1/erasures/[^/]+"), "/admin/v1/erasures/{id}");
        PARAMETERISED.put(java.util.regex.Pattern.compile("/admin/v1/passages" + colon + "match"), "/admin/v1/passages:match");
        PARAMETERISED.put(java.util.regex.Pattern.compile("/admin/v1/models/.+/erasure-debt"),
                "/admin/v1/models/{model}/erasure-debt");
        PARAMETERISED.put(java.util.regex.Pattern.compile("/admin/v1/models/.+/residual-knowledge" + colon + "run"),
                "/admin/v1/models/{model}/residual-knowledge:run");
        PARAMETERISED.put(java.util.regex.Pattern.compile("/admin/v1/models/.+/residual-knowledge"),
                "/admin/v1/models/{model}/residual-knowledge");
        PARAMETERISED.put(java.util.regex.Pattern.compile("/admin/v1/residual-knowledge" + colon + "compare"),
                "/admin/v1/residual-knowledge:compare");
    }

    /**
     * The label for a {@code uri} value: itself when it is a route template or one of Quarkus' fixed words, the
     * template of a parameterised route it spells, else {@code UNKNOWN} (any other path is the caller's text).
     */
    static String uriTemplate(String uri) {
        if (ROUTES.contains(uri)) {
            return uri;
        }
        for (java.util.Map.Entry<java.util.regex.Pattern, String> e : PARAMETERISED.entrySet()) {
            if (e.getKey().matcher(uri).matches()) {
                return e.getValue();
            }
        }
        return "UNKNOWN";
    }

    /**
     * Meters whose Prometheus form breaks the rules promtool checks: {@code process_cpu_time_ns_total} (an
     * abbreviated unit), {@code system_cpu_count} (a gauge ending in {@code _count}; {@code process_cpu_usage}
     * says enough) and long task timers ({@code http_server_connections_seconds}, written as a summary with
     * {@code _active_count} and {@code _duration_sum} samples; {@code http_server_active_requests} stays).
     */
    @Produces
    @Singleton
    MeterFilter dropMisnamedMeters() {
        return MeterFilter.deny(id -> id.getName().equals("process.cpu.time") || id.getName().equals("system.cpu.count")
                || id.getType() == Meter.Type.LONG_TASK_TIMER);
    }

    /**
     * Double quotes in a description become single ones: the exporter writes them as {@code \"} in HELP
     * lines, an escape the text format does not define (Micrometer's {@code process_cpu_usage} has them).
     * A meter without a description gets its name as one.
     */
    @Produces
    @Singleton
    MeterFilter helpText() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String d = id.getDescription();
                if (d != null && !d.isBlank() && d.indexOf('"') < 0) {
                    return id;
                }
                // no description at all (Netty's and some Vert.x meters): its name, so every family has HELP
                String help = d == null || d.isBlank() ? id.getName().replace('.', ' ') : d.replace('"', '\'');
                return new Meter.Id(id.getName(), io.micrometer.core.instrument.Tags.of(id.getTagsAsIterable()),
                        id.getBaseUnit(), help, id.getType());
            }
        };
    }
}
