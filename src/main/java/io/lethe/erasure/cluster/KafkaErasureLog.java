package io.lethe.erasure.cluster;

import io.lethe.erasure.ErasureLog;
import io.lethe.erasure.ErasureRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The erasure log on a Kafka topic (compacted, keyed by erasure id; {@code lethe.erasures} by default).
 *
 * <p>Writes: an idempotent producer with {@code acks=all}; a write not acknowledged within
 * {@link Settings#writeTimeout()} fails with {@link ErasureLog.LogUnavailableException} (the admin API answers
 * 503), so nothing is acknowledged that the log does not hold. Reads: every replica assigns itself every
 * partition (no consumer group: each replica needs the whole log), starts from the positions its index
 * committed (or the beginning), and is {@link #caughtUp()} once it enforces everything up to the end offsets it
 * saw at start. Headers carry the request hash ({@code lethe-request-hash}), the appending replica
 * ({@code lethe-origin}), the waiting call ({@code lethe-write-id}) and bulk lines ({@code lethe-bulk-id},
 * {@code lethe-line}).
 */
public final class KafkaErasureLog implements ErasureLog, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaErasureLog.class);
    static final String H_HASH = "lethe-request-hash";
    static final String H_ORIGIN = "lethe-origin";
    static final String H_WRITE = "lethe-write-id";
    static final String H_BULK = "lethe-bulk-id";
    static final String H_LINE = "lethe-line";
    static final String H_CONTROL = "lethe-control";
    /** Keys of control markers: never an erasure id a caller can give (ids cannot hold control characters). */
    static final String CONTROL_KEY_PREFIX = "\u0000control:";
    /** How often the reader asks the brokers for the end offsets: reachability and lag. */
    private static final Duration PROBE_EVERY = Duration.ofSeconds(2);

    /**
     * Settings.
     *
     * @param bootstrapServers  Kafka's {@code bootstrap.servers}
     * @param clientProperties  further Kafka client properties (security, SASL, TLS), without the {@code kafka.} prefix
     * @param topic             the erasure topic
     * @param partitions        partitions when the topic is created here (1 keeps one order for every replica)
     * @param replicationFactor replication factor when created here; -1 for the broker's default
     * @param writeTimeout      longest wait for a write's acknowledgement
     * @param tombstoneAfter    retired records older than this are removed from the log (tombstones); null: kept
     * @param origin            this replica's id
     */
    public record Settings(String bootstrapServers, Map<String, String> clientProperties, String topic, int partitions,
                           short replicationFactor, Duration writeTimeout, Duration tombstoneAfter, String origin) {
        /** The client properties' names only: their values may be credentials (SASL, keystore passwords). */
        @Override
        public String toString() {
            return "Settings[bootstrapServers=" + bootstrapServers + ", clientProperties=" + new java.util.TreeSet<>(clientProperties.keySet())
                    + ", topic=" + topic + ", partitions=" + partitions + ", replicationFactor=" + replicationFactor
                    + ", writeTimeout=" + writeTimeout + ", tombstoneAfter=" + tombstoneAfter + ", origin=" + origin + "]";
        }
    }

    private final Settings settings;
    private final KafkaProducer<String, byte[]> producer;
    private volatile ErasureRegistry registry;
    private volatile Thread reader;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile boolean reachable;
    private volatile long lag = -1;
    private volatile String topicId;
    private volatile String problem = "not started";
    private final AtomicLong applied = new AtomicLong();
    /** Sends happen here: KafkaProducer.send blocks while it has no metadata, never on a caller's thread. */
    private final java.util.concurrent.ExecutorService sender = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lethe-erasure-log-sender");
        t.setDaemon(true);
        return t;
    });
    /** Sends fail at once until then (nanoTime): the last one waited out the metadata wait. */
    private volatile long blockedUntil;
    private volatile boolean everReachable;
    /** {@link System#nanoTime()} of the latest log end this replica has read up to; 0 never. */
    private volatile long currentAt;
    /** A probe's end offsets not read up to yet, and when they were the end (the reader thread's own). */
    private Map<TopicPartition, Long> pendingEnd;
    private long pendingAt;

    public KafkaErasureLog(Settings settings) {
        this.settings = settings;
        Properties p = common();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(8 * 1024 * 1024));
        int timeout = (int) Math.max(1000, settings.writeTimeout().toMillis());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(timeout));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(500, timeout - 10)));
        // metadata waits block the sender thread: short, so queued writes fail fast while Kafka is away
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(Math.min(timeout, 3000)));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "lethe-erasures-" + settings.origin());
        this.producer = new KafkaProducer<>(p);
    }

    private Properties common() {
        Properties p = new Properties();
        p.putAll(settings.clientProperties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return p;
    }

    @Override
    public String origin() {
        return settings.origin();
    }

    @Override
    public CompletableFuture<Position> endBulk(String bulkId) {
        Headers h = new RecordHeaders();
        put(h, H_CONTROL, BULK_END);
        return send(CONTROL_KEY_PREFIX + bulkId, null, h, bulkId);
    }

    @Override
    public CompletableFuture<Position> append(Append a) {
        Headers h = new RecordHeaders();
        put(h, H_ORIGIN, settings.origin());
        put(h, H_HASH, a.requestHash());
        put(h, H_WRITE, a.writeId());
        if (a.line() > 0) {
            put(h, H_LINE, Long.toString(a.line()));
        }
        return send(a.id(), a.value(), h, a.bulkId());
    }

    private CompletableFuture<Position> send(String key, byte[] value, Headers h, String bulkId) {
        if (bulkId != null) {
            put(h, H_BULK, bulkId);
        }
        CompletableFuture<Position> f = new CompletableFuture<>();
        try {
            sender.execute(() -> {
                // Kafka known away: fail at once. Without this every send of a bulk waited out the metadata wait
                // in turn (3 s each) and a bulk call hung for minutes.
                if (System.nanoTime() < blockedUntil || (everReachable && !reachable)) {
                    f.completeExceptionally(new LogUnavailableException("the erasure log (Kafka topic " + settings.topic()
                            + ") is unreachable", null));
                    return;
                }
                try {
                    producer.send(new ProducerRecord<>(settings.topic(), null, key, value, h), (md, err) -> {
                        if (err != null) {
                            f.completeExceptionally(new LogUnavailableException("the erasure log (Kafka topic "
                                    + settings.topic() + ") did not acknowledge the write: " + err.getClass().getSimpleName(), err));
                        } else {
                            f.complete(new Position(md.partition(), md.offset()));
                        }
                    });
                } catch (RuntimeException e) {
                    if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
                        blockedUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    }
                    f.completeExceptionally(new LogUnavailableException("the erasure log (Kafka topic " + settings.topic()
                            + ") cannot take writes: " + e.getClass().getSimpleName(), e));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.completeExceptionally(new LogUnavailableException("the erasure log is closed", e));
        }
        return f;
    }

    private static void put(Headers h, String key, String value) {
        if (value != null) {
            h.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String header(Headers h, String key) {
        Header x = h.lastHeader(key);
        return x == null ? null : new String(x.value(), StandardCharsets.UTF_8);
    }

    /** Whether this replica enforces everything the log held when it started (readiness). */
    public boolean caughtUp() {
        return caughtUp;
    }

    /**
     * Milliseconds since the latest moment whose log end this replica has read up to (probed every 2 s: a probe that
     * finds nothing unread, or one whose end offsets the reader then reaches); {@link Long#MAX_VALUE} before it
     * caught up once. While Kafka is unreachable it grows:
     * an erasure another replica registered since may be missing here.
     */
    public long staleMillis() {
        long at = currentAt;
        if (!caughtUp || at == 0) {
            return Long.MAX_VALUE;
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - at);
    }

    /** Whether the last probe of the brokers answered. */
    public boolean reachable() {
        return reachable;
    }

    /** Records in the log not yet read here at the last probe; -1 before the first. */
    public long lag() {
        return lag;
    }

    /** Records applied here since start. */
    public long applied() {
        return applied.get();
    }

    /** What keeps the replica from being ready or current, in words; null when nothing. */
    public String problem() {
        return problem;
    }

    public String topic() {
        return settings.topic();
    }

    /**
     * Starts the reader thread: creates the topic when missing, appends the records of a replica that held
     * erasures before cluster mode or read another topic (one deleted and created again: its records are never
     * dropped, they go to the new log), then reads the log into {@code registry} (started) from the positions it
     * committed. Returns at once; {@link #caughtUp()} tells when the replica is current.
     */
    public void start(ErasureRegistry registry) {
        this.registry = registry;
        Thread t = new Thread(this::run, "lethe-erasure-log");
        t.setDaemon(true);
        reader = t;
        t.start();
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> consumer = consumer()) {
                String id = ensureTopic();
                read(consumer, id);
            } catch (org.apache.kafka.common.errors.InterruptException | InterruptedException e) {
                return;
            } catch (Exception | Error e) {
                if (!running) {
                    return;
                }
                reachable = false;
                // our own refusals name the topic and what is wrong with it; others only their type
                problem = "erasure log: " + (e instanceof IllegalStateException ? e.getMessage() : e.getClass().getSimpleName())
                        + " (retrying)";
                LOG.warnf("erasure log reader: %s; retrying in 2 s", e.toString());
                sleep(2000);
            }
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties p = common();
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // a topic made by the broker's defaults (delete policy) would lose erasures to retention
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "lethe-erasures-reader-" + settings.origin());
        return new KafkaConsumer<>(p);
    }

    /** Creates the topic when missing (compacted); returns its topic id. */
    private String ensureTopic() throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(common())) {
            try {
                NewTopic nt = new NewTopic(settings.topic(), Optional.of(settings.partitions()),
                        settings.replicationFactor() < 0 ? Optional.empty() : Optional.of(settings.replicationFactor()))
                        .configs(Map.of("cleanup.policy", "compact", "max.message.bytes", String.valueOf(8 * 1024 * 1024)));
                admin.createTopics(List.of(nt)).all().get(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
                LOG.infof("erasure log topic %s created (compacted, %d partition(s))", settings.topic(), settings.partitions());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            } catch (java.util.concurrent.TimeoutException e) {
                throw new org.apache.kafka.common.errors.TimeoutException("creating topic " + settings.topic(), e);
            }
            TopicDescription d = admin.describeTopics(List.of(settings.topic())).allTopicNames()
                    .get(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS).get(settings.topic());
            var cfg = admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, settings.topic()))).all()
                    .get(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS).values().iterator().next();
            var policy = cfg.get("cleanup.policy");
            boolean compacted = policy != null && policy.value().contains("compact") && !policy.value().contains("delete");
            if (!compacted) {
                LOG.errorf("erasure log topic %s is not compacted only (cleanup.policy=%s): retention would delete erasure"
                        + " records and a new replica would miss them; this replica is not ready until the topic is"
                        + " cleanup.policy=compact", settings.topic(), policy == null ? "?" : policy.value());
                throw new IllegalStateException("erasure log topic " + settings.topic() + " is not cleanup.policy=compact");
            }
            return d.topicId().toString();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("describing topic " + settings.topic(), e);
        }
    }

    private void read(KafkaConsumer<String, byte[]> consumer, String id) throws InterruptedException {
        ErasureRegistry reg = registry;
        ErasureRegistry.LogPositions at = reg.logPositions();
        boolean sameLog = id.equals(at.topicId());
        if (!sameLog && at.records() > 0) {
            // records from before cluster mode, or from a log that was replaced: never dropped, appended to this one
            migrate(reg);
        }
        topicId = id;
        List<TopicPartition> parts = consumer.partitionsFor(settings.topic(), settings.writeTimeout()).stream()
                .map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
        if (parts.isEmpty()) {
            // a new topic's metadata may not have reached every broker yet: never "caught up" on nothing
            throw new IllegalStateException("erasure log topic " + settings.topic() + " has no partitions yet");
        }
        consumer.assign(parts);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts, settings.writeTimeout());
        for (TopicPartition tp : parts) {
            Long next = sameLog ? at.next().get(tp.partition()) : null;
            long from = next == null ? begin.get(tp) : Math.max(next, begin.get(tp));
            consumer.seek(tp, from);
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(parts, settings.writeTimeout());
        Map<Integer, Long> target = new HashMap<>();
        end.forEach((tp, off) -> {
            if (off > 0) {
                target.put(tp.partition(), off - 1);
            }
        });
        reachable = true;
        everReachable = true;
        problem = caughtUp ? null : "catching up with the erasure log";
        CompletableFuture<Void> current = caughtUp ? CompletableFuture.completedFuture(null) : reg.enforced(target);
        current.thenRun(() -> {
            if (!caughtUp) {
                currentAt = System.nanoTime(); // (as of the end offsets read at start; the next probe renews it)
                caughtUp = true;
                problem = null;
                LOG.infof("erasure log: caught up with %s (%d record(s) applied)", settings.topic(), applied.get());
            }
        });
        // a replica that has read nothing yet enforces nothing yet: make the positions known
        reg.applyFromLog(List.of(), positions(consumer, parts), id, false).join();
        long nextProbe = 0;
        long nextSweep = System.nanoTime();
        while (running) {
            ConsumerRecords<String, byte[]> recs = consumer.poll(Duration.ofMillis(100));
            boolean behind = false;
            if (!recs.isEmpty()) {
                List<ErasureLog.Entry> batch = new ArrayList<>(recs.count());
                for (ConsumerRecord<String, byte[]> r : recs) {
                    if (r.key() == null) {
                        // not written by a gateway: skipped, never retried forever
                        LOG.errorf("erasure log: record at partition %d offset %d has no key; skipped", r.partition(), r.offset());
                        continue;
                    }
                    batch.add(new ErasureLog.Entry(r.partition(), r.offset(), r.key(), r.value(), header(r.headers(), H_HASH),
                            header(r.headers(), H_WRITE), header(r.headers(), H_ORIGIN), header(r.headers(), H_BULK),
                            lineOf(header(r.headers(), H_LINE)), header(r.headers(), H_CONTROL)));
                }
                for (TopicPartition tp : parts) {
                    OptionalLong l = consumer.currentLag(tp);
                    if (l.isPresent() && l.getAsLong() > 0) {
                        behind = true;
                    }
                }
                reg.applyFromLog(batch, positions(consumer, parts), id, behind).join();
                applied.addAndGet(batch.size());
                if (pendingEnd != null && readTo(consumer, pendingEnd)) {
                    currentAt = pendingAt;
                    pendingEnd = null;
                }
            } else if (reg.compileDeferred()) {
                reg.applyFromLog(List.of(), positions(consumer, parts), id, false).join();
            }
            long now = System.nanoTime();
            if (now >= nextProbe) {
                nextProbe = now + PROBE_EVERY.toNanos();
                probe(consumer, parts);
            }
            if (settings.tombstoneAfter() != null && now >= nextSweep && caughtUp) {
                nextSweep = now + TimeUnit.HOURS.toNanos(1);
                sweep(reg);
            }
        }
    }

    private static long lineOf(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Long.parseLong(header);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Whether this replica has read (and applied) every partition up to {@code end}. */
    private static boolean readTo(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Map<Integer, Long> positions(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> parts) {
        Map<Integer, Long> out = new HashMap<>();
        for (TopicPartition tp : parts) {
            out.put(tp.partition(), consumer.position(tp));
        }
        return out;
    }

    private void probe(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> parts) {
        try {
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(1));
            long behind = 0;
            for (TopicPartition tp : parts) {
                behind += Math.max(0, end.get(tp) - consumer.position(tp));
            }
            lag = behind;
            if (behind == 0) {
                currentAt = System.nanoTime();
                pendingEnd = null;
            } else if (pendingEnd == null) {
                // current as of now once read up to these offsets (a bulk import keeps the log growing: never
                // "no lag" at a probe, yet each end is reached within moments)
                pendingEnd = end;
                pendingAt = System.nanoTime();
            }
            if (!reachable && everReachable) {
                LOG.info("erasure log: Kafka reachable again");
            }
            reachable = true;
            everReachable = true;
            blockedUntil = 0;
            if (caughtUp) {
                problem = null;
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            if (reachable) {
                LOG.warn("erasure log: Kafka unreachable; guarding goes on with the erasures applied so far, admin writes answer 503");
            }
            reachable = false;
            problem = "Kafka unreachable: admin writes are refused, guarding goes on with the erasures applied so far";
        }
    }

    /** Appends the records of a replica that held erasures before cluster mode (idempotent when read back). */
    private void migrate(ErasureRegistry reg) {
        List<ErasureLog.Append> local = reg.localRecords();
        LOG.infof("erasure log: appending %d record(s) this replica held before cluster mode", local.size());
        List<CompletableFuture<Position>> acks = new ArrayList<>();
        for (ErasureLog.Append a : local) {
            acks.add(append(a));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
    }

    /** Removes retired records past their audit period from the log (tombstones; compaction then drops them). */
    private void sweep(ErasureRegistry reg) {
        List<String> due = reg.retiredBefore(Instant.now().minus(settings.tombstoneAfter()));
        for (String id : due) {
            append(new Append(id, null, null, null, null, 0));
        }
        if (!due.isEmpty()) {
            LOG.infof("erasure log: %d retired record(s) past their audit period removed (tombstones)", due.size());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        Thread t = reader;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

}
