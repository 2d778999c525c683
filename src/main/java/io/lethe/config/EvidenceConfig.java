package io.lethe.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code lethe.evidence.*}: the leak-evidence trail (spool under {@code lethe.data.dir}, then Kafka). */
@ConfigMapping(prefix = "lethe.evidence")
public interface EvidenceConfig {

    /**
     * Key of the HMAC-SHA-256 over matched text ({@code LETHE_EVIDENCE_HMAC_KEY}, at least 16 bytes). Unset:
     * one is generated once and kept in {@code <data dir>/evidence/hmac.key}, with a warning.
     */
    Optional<String> hmacKey();

    /** The Kafka topic ({@code LETHE_EVIDENCE_TOPIC}); read by the channel's configuration. */
    @WithDefault("lethe.leak-evidence")
    String topic();

    /** Facts waiting for the spool writer; beyond it new ones are dropped and counted. */
    @WithDefault("65536")
    int queueSize();

    Spool spool();

    Kafka kafka();

    interface Spool {
        /** Largest spool on disk; beyond it new events are dropped, counted and reported in health. */
        @WithDefault("1G")
        MemorySize maxSize();

        /** Health warns from this share of max-size on. */
        @WithDefault("0.8")
        double warnRatio();

        /** Size at which a segment file is closed and the next begun. */
        @WithDefault("64M")
        MemorySize segmentSize();

        /** Force each group commit to disk before its events are sent. */
        @WithDefault("true")
        boolean fsync();

        GroupCommit groupCommit();
    }

    interface GroupCommit {
        /** Most events in one write + fsync. */
        @WithDefault("1024")
        int maxEvents();

        /** How long the writer waits for more events before committing (0: commit what has arrived). */
        @WithDefault("0s")
        Duration maxDelay();
    }

    interface Kafka {
        /** Events sent and not yet acknowledged. */
        @WithDefault("4096")
        int maxInFlight();

        /** Wait before sending again after Kafka refused or timed out. */
        @WithDefault("1s")
        Duration retryBackoff();

        /** Health warns when events have waited this long for Kafka's acknowledgement. */
        @WithDefault("10s")
        Duration stallWarning();
    }
}
