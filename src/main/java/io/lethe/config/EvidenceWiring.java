package io.lethe.config;

import io.lethe.evidence.EvidenceRecorder;
import io.lethe.evidence.MatchHasher;
import io.lethe.evidence.Spool;
import io.lethe.evidence.SpoolSettings;
import io.lethe.evidence.kafka.KafkaEvidenceSink;
import io.lethe.guard.pipeline.GuardListenerFactory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Builds the evidence trail: the spool under {@code <lethe.data.dir>/evidence}, sending to Kafka when
 * {@code kafka.bootstrap.servers} is set, and the listener factory every guard session gets. Started before
 * the HTTP server opens, stopped (queue drained into the spool) at shutdown.
 */
@ApplicationScoped
public class EvidenceWiring {

    private static final Logger LOG = Logger.getLogger(EvidenceWiring.class);

    @Inject
    DataConfig data;
    @Inject
    EvidenceConfig config;
    @Inject
    Config mpConfig;
    @Inject
    Instance<KafkaEvidenceSink> kafka;
    @Inject
    MeterRegistry registry;

    private Spool spool;
    private EvidenceRecorder recorder;
    private MatchHasher hasher;

    void start(@Observes @Priority(20) StartupEvent ev) {
        recorder();
    }

    /** After the messaging channels are wired (injecting the emitter earlier fails). */
    void startSending(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_AFTER + 1000) StartupEvent ev) {
        recorder();
        if (kafkaEnabled()) {
            KafkaEvidenceSink sink = kafka.get();
            spool.startSending(sink);
            Spool.Stats st = spool.stats();
            LOG.infof("evidence: spool at %s, sending to %s (instance %s, %d event(s) waiting)", spool.dir(),
                    sink.describe(), spool.instance(), st.unsent());
        }
    }

    public synchronized Spool spool() {
        recorder();
        return spool;
    }

    synchronized EvidenceRecorder recorder() {
        if (recorder != null) {
            return recorder;
        }
        Path dir = data.dir().resolve("evidence");
        hasher = new MatchHasher(hmacKey(dir));
        EvidenceConfig.Spool s = config.spool();
        long max = s.maxSize().asLongValue();
        SpoolSettings settings = new SpoolSettings(dir, config.queueSize(), max, (long) (max * s.warnRatio()),
                s.segmentSize().asLongValue(), s.groupCommit().maxEvents(), s.groupCommit().maxDelay(), s.fsync(),
                config.kafka().maxInFlight(), config.kafka().retryBackoff(),
                config.kafka().stallWarning());
        spool = new Spool(settings, hasher.keyId());
        spool.start();
        Spool.Stats st = spool.stats();
        if (!kafkaEnabled()) {
            LOG.warnf("evidence: Kafka not configured (set KAFKA_BOOTSTRAP_SERVERS to send it); leak evidence stays "
                    + "in the spool at %s (instance %s, %d event(s) so far)", dir, spool.instance(), st.lastSeq());
        }
        metrics();
        recorder = new EvidenceRecorder(spool, hasher, Clock.systemUTC());
        return recorder;
    }

    /** The keyed hash of matched text (HMAC-SHA-256 under the evidence key). */
    public synchronized MatchHasher hasher() {
        recorder();
        return hasher;
    }

    public boolean kafkaEnabled() {
        return mpConfig.getOptionalValue(EvidenceKafkaSwitch.ENABLED, Boolean.class).orElse(false);
    }

    public String kafkaDescription() {
        return kafkaEnabled() ? kafka.get().describe() : "not configured (KAFKA_BOOTSTRAP_SERVERS unset): evidence stays in the spool";
    }

    /** Evidence, and the retrain-debt count of leaks stopped (after the policy: {@link DebtListener}). */
    @Produces
    @Singleton
    GuardListenerFactory evidenceListeners(RegistryWiring registries) {
        GuardListenerFactory evidence = recorder();
        return context -> io.lethe.guard.pipeline.GuardListener.both(evidence.open(context),
                new DebtListener(registries.registry(), context));
    }

    private byte[] hmacKey(Path dir) {
        if (config.hmacKey().isPresent() && !config.hmacKey().get().isBlank()) {
            return config.hmacKey().get().getBytes(StandardCharsets.UTF_8);
        }
        return generatedKey(dir);
    }

    /**
     * The key in {@code dir/hmac.key} (64 hex digits, made from 32 random bytes and created {@code rw-------} at
     * the first start), as the ASCII bytes of its hex text.
     *
     * @throws UncheckedIOException when the folder or the file cannot be made or read
     */
    static byte[] generatedKey(Path dir) {
        try {
            Files.createDirectories(dir);
            Path p = dir.resolve("hmac.key");
            if (!Files.exists(p)) {
                byte[] k = new byte[32];
                new SecureRandom().nextBytes(k);
                // created rw------- before the key is written: with a umask's mode, a reader of the key could
                // brute-force the keyed hashes of short values (phone numbers) in the evidence
                try (java.io.OutputStream out = io.lethe.erasure.index.OwnerOnlyFiles.create(p)) {
                    out.write((HexFormat.of().formatHex(k) + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            }
            LOG.warnf("evidence: no lethe.evidence.hmac-key (LETHE_EVIDENCE_HMAC_KEY) configured; using the key "
                    + "generated in %s", p);
            return Files.readString(p, StandardCharsets.US_ASCII).trim().getBytes(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the evidence HMAC key in " + dir, e);
        }
    }

    private void metrics() {
        Gauge.builder("lethe.evidence.spool.unsent", spool, sp -> sp.stats().unsent())
                .description("Evidence events in the spool not yet acknowledged by Kafka").baseUnit("events")
                .register(registry);
        Gauge.builder("lethe.evidence.spool.size", spool, sp -> sp.stats().spoolBytes())
                .description("Bytes of evidence in the spool").baseUnit("bytes").register(registry);
        FunctionCounter.builder("lethe.evidence.recorded", spool, sp -> sp.stats().recorded())
                .description("Evidence events written to the spool").register(registry);
        FunctionCounter.builder("lethe.evidence.sent", spool, sp -> sp.stats().sent())
                .description("Evidence events acknowledged by Kafka").register(registry);
        FunctionCounter.builder("lethe.evidence.dropped", spool, sp -> sp.stats().dropped())
                .description("Evidence events lost because the spool or its queue was full").register(registry);
    }

    void stop(@Observes ShutdownEvent ev) {
        Spool s;
        synchronized (this) {
            s = spool;
        }
        if (s != null) {
            s.close();
            // an operator stopping a replica sees that nothing recorded was lost: what Kafka has not acknowledged
            // stays in the spool for the next start
            Spool.Stats st = s.stats();
            LOG.infof("evidence: spool closed at %s (last sequence %d; %d event(s) recorded this run; %d not"
                    + " yet acknowledged, kept in the spool for the next start)", s.dir(), st.lastSeq(), st.recorded(),
                    st.unsent());
        }
    }
}
