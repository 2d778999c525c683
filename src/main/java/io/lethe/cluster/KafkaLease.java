package io.lethe.cluster;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * A lease held by one replica at a time: every replica joins consumer group {@code group} on a one-partition topic,
 * and the member Kafka assigns that partition holds the lease. A replica that dies or stops polling loses it after
 * the group's session timeout ({@link #SESSION_TIMEOUT}); Kafka then gives it to another member. Two holders at
 * once are possible only for the moments of a rebalance: the work guarded by it must tolerate that (the audit
 * does: a probe done twice gives the same kind of result, kept by key).
 */
public final class KafkaLease implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaLease.class);
    /** How long a silent member keeps the lease: the group's session timeout. */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

    private final Properties common;
    private final String topic;
    private final String group;
    private final String member;
    private volatile boolean held;
    private final Runnable onAcquired;
    private volatile boolean running = true;
    private final Thread thread;

    /**
     * Starts competing for the lease at once (a daemon thread).
     *
     * @param clientProperties Kafka client properties, {@code bootstrap.servers} included
     * @param topic            the lease topic (created with one partition when missing)
     * @param group            the consumer group every competing replica joins
     * @param member           this replica's name, for logs and the client id
     */
    public KafkaLease(Map<String, String> clientProperties, String topic, String group, String member) {
        this(clientProperties, topic, group, member, () -> { });
    }

    /**
     * As {@link #KafkaLease(Map, String, String, String)}, calling {@code onAcquired} (on the lease's thread, must
     * not block) each time this replica gets the lease: the work a previous holder left can be taken up.
     */
    public KafkaLease(Map<String, String> clientProperties, String topic, String group, String member, Runnable onAcquired) {
        this.onAcquired = onAcquired;
        this.common = new Properties();
        this.common.putAll(clientProperties);
        this.topic = topic;
        this.group = group;
        this.member = member;
        this.thread = new Thread(this::run, "lethe-lease-" + group);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Whether this replica holds the lease now. */
    public boolean held() {
        return held;
    }

    private void run() {
        while (running) {
            try {
                ensureTopic();
                try (KafkaConsumer<byte[], byte[]> c = consumer()) {
                    c.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                        @Override
                        public void onPartitionsRevoked(Collection<TopicPartition> parts) {
                            if (held) {
                                LOG.infof("lease %s: given up by %s", group, member);
                            }
                            held = false;
                        }

                        @Override
                        public void onPartitionsAssigned(Collection<TopicPartition> parts) {
                            boolean was = held;
                            held = !parts.isEmpty();
                            if (held && !was) {
                                LOG.infof("lease %s: held by %s", group, member);
                                try {
                                    onAcquired.run();
                                } catch (RuntimeException e) {
                                    LOG.warnf("lease %s: taking up the work failed: %s", group, e.getClass().getSimpleName());
                                }
                            }
                        }

                        @Override
                        public void onPartitionsLost(Collection<TopicPartition> parts) {
                            held = false;
                        }
                    });
                    while (running) {
                        c.poll(Duration.ofMillis(500));
                    }
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                return;
            } catch (RuntimeException | ExecutionException | InterruptedException e) {
                held = false;
                if (!running || !Topics.backOff(LOG, "lease " + group, e)) {
                    return;
                }
            }
        }
        held = false;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = new Properties();
        p.putAll(common);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "lethe-lease-" + member);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(SESSION_TIMEOUT.toMillis()));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(SESSION_TIMEOUT.toMillis() / 4));
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "60000");
        return new KafkaConsumer<>(p);
    }

    private void ensureTopic() throws ExecutionException, InterruptedException {
        Topics.ensure(common, new NewTopic(topic, Optional.of(1), Optional.empty()));
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        held = false;
    }
}
