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
