package io.lethe.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

/**
 * Tracing is on exactly when an OTLP endpoint is configured ({@code quarkus.otel.exporter.otlp.endpoint} or
 * {@code quarkus.otel.exporter.otlp.traces.endpoint}, e.g. {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}):
 * {@code quarkus.otel.sdk.disabled} answers {@code true} otherwise, unless it is set explicitly. Without an
 * endpoint the exporter would send to its built-in default address and log a failure per batch.
 */
@Priority(Priorities.APPLICATION + 100)
public class OtelSwitch implements ConfigSourceInterceptor {

    static final String DISABLED = "quarkus.otel.sdk.disabled";
    static final String ENDPOINT = "quarkus.otel.exporter.otlp.endpoint";
    static final String TRACES_ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (!DISABLED.equals(name)) {
            return context.proceed(name);
        }
        return EvidenceKafkaSwitch.explicitOr(context, name, () -> !(EvidenceKafkaSwitch.configured(context.proceed(ENDPOINT))
                || EvidenceKafkaSwitch.configured(context.proceed(TRACES_ENDPOINT))),
                "lethe: tracing enabled when an OTLP endpoint is set");
    }
}
