package io.lethe.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

/**
 * "Kafka configured" means {@code kafka.bootstrap.servers} ({@code KAFKA_BOOTSTRAP_SERVERS}) has a value.
 * The evidence channel is enabled exactly then (unless {@code mp.messaging.outgoing.lethe-evidence.enabled} is
 * set explicitly); otherwise a placeholder address satisfies the Kafka extension, which never uses it because
 * the channel is off and evidence stays in the spool.
 */
@Priority(Priorities.APPLICATION + 100)
public class EvidenceKafkaSwitch implements ConfigSourceInterceptor {

    static final String SERVERS = "kafka.bootstrap.servers";
    static final String ENABLED = "mp.messaging.outgoing.lethe-evidence.enabled";
    static final String NOT_CONFIGURED = "127.0.0.1:1";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (SERVERS.equals(name)) {
            ConfigValue v = context.proceed(name);
            if (configured(v)) {
                return v;
            }
            return ConfigValue.builder().withName(name).withValue(NOT_CONFIGURED)
                    .withConfigSourceName("lethe: Kafka not configured").build();
        }
        if (ENABLED.equals(name)) {
            return explicitOr(context, name, () -> configured(context.proceed(SERVERS)),
                    "lethe: enabled when kafka.bootstrap.servers is set");
        }
        return context.proceed(name);
    }

    /**
     * The operator's own value of {@code name} when set (not an extension's default), else {@code derived} as a
     * boolean from the named source; for switches that follow whether something else is configured.
     */
    static ConfigValue explicitOr(ConfigSourceInterceptorContext context, String name,
                                  java.util.function.BooleanSupplier derived, String source) {
        ConfigValue explicit = context.proceed(name);
        if (explicit != null && explicit.getValue() != null && explicit.getConfigSourceOrdinal() > 0) {
            return explicit;
        }
        return ConfigValue.builder().withName(name).withValue(Boolean.toString(derived.getAsBoolean()))
                .withConfigSourceName(source).build();
    }

    /** Set by the operator: not a default some extension declares (those sources have ordinals <= 0). */
    static boolean configured(ConfigValue v) {
        return v != null && v.getValue() != null && !v.getValue().isBlank() && !NOT_CONFIGURED.equals(v.getValue())
                && v.getConfigSourceOrdinal() > 0;
    }
}
