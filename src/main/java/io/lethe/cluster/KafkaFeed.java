package io.lethe.cluster;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A compacted topic of keyed records that every replica publishes to and reads whole: the latest record per key
 * reaches every replica, also one that starts later. Records this replica published are not handed back to it.
 * Publishing never blocks the caller: an idempotent producer ({@code acks=all}) on a sender thread; a record Kafka did
 * not take is kept (the latest per key) and sent again every 5 s until it is.
 */
public final class KafkaFeed implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaFeed.class);
    private static final String H_ORIGIN = "lethe-origin";

    private final Properties common;
    private final String topic;
    private final String origin;
    private final KafkaProducer<String, byte[]> producer;
    private final BiConsumer<String, byte[]> sink;
    private final java.util.concurrent.ConcurrentHashMap<String, byte[]> unsent = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean warned = new java.util.concurrent.atomic.AtomicBoolean();
    /** Sends run here: KafkaProducer.send blocks while it has no metadata. */
    private final java.util.concurrent.ExecutorService sender = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lethe-feed-sender");
        t.setDaemon(true);
        return t;
    });
    private long nextResend;
    private volatile boolean running = true;
    private final Thread thread;

    /**
     * Starts reading the topic from its beginning at once (a daemon thread).
     *
     * @param clientProperties Kafka client properties, {@code bootstrap.servers} included
     * @param topic            the feed's topic (created compacted with one partition when missing)
     * @param origin           this replica's id: its own records are not handed back to it
     * @param sink             gets each other replica's record: key and value (the reader thread)
     */
    public KafkaFeed(Map<String, String> clientProperties, String topic, String origin, BiConsumer<String, byte[]> sink) {
        this.common = new Properties();
        this.common.putAll(clientProperties);
        this.topic = topic;
        this.origin = origin;
        this.sink = sink;
        Properties p = new Properties();
        p.putAll(common);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        this.producer = new KafkaProducer<>(p);
        this.thread = new Thread(this::run, "lethe-feed-" + topic);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Publishes the latest value for {@code key}, never blocking the caller. A value Kafka does not take (it is
     * away) is kept, the latest per key, and sent again every few seconds until it is taken, so every replica
     * gets it once Kafka is back.
     */
    public void publish(String key, byte[] value) {
        unsent.put(key, value);
        send(key, value);
    }

    private void send(String key, byte[] value) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, value);
        r.headers().add(H_ORIGIN, origin.getBytes(StandardCharsets.UTF_8));
        sender.execute(() -> {
            try {
                producer.send(r, (md, err) -> {
                    if (err == null) {
                        unsent.remove(key, value);  // unless a newer value came meanwhile
                    } else if (warned.compareAndSet(false, true)) {
                        LOG.warnf("feed %s: records not taken by Kafka (%s); kept and sent again until they are", topic,
                                err.getClass().getSimpleName());
                    }
                });
            } catch (RuntimeException e) {
                if (warned.compareAndSet(false, true)) {
                    LOG.warnf("feed %s: records could not be sent (%s); kept and sent again", topic, e.getClass().getSimpleName());
                }
            }
        });
    }

    private void resendUnsent() {
        if (!unsent.isEmpty()) {
            warned.set(false);
            unsent.forEach(this::send);
        }
    }

    private void run() {
        while (running) {
            try {
                ensureTopic();
                try (KafkaConsumer<String, byte[]> c = consumer()) {
                    List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                            .map(pi -> new TopicPartition(topic, pi.partition())).toList();
                    c.assign(parts);
                    c.seekToBeginning(parts);
                    while (running) {
                        long now = System.nanoTime();
                        if (now >= nextResend) {
                            nextResend = now + TimeUnit.SECONDS.toNanos(5);
                            resendUnsent();
                        }
                        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                            Header h = r.headers().lastHeader(H_ORIGIN);
                            if (r.value() == null || (h != null && origin.equals(new String(h.value(), StandardCharsets.UTF_8)))) {
                                continue;
                            }
                            try {
                                sink.accept(r.key(), r.value());
                            } catch (RuntimeException e) {
                                LOG.warnf("feed %s: a record at offset %d was not applied: %s", topic, r.offset(),
                                        e.getClass().getSimpleName());
                            }
                        }
                    }
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                return;
            } catch (RuntimeException | ExecutionException | InterruptedException e) {
                if (!running || !Topics.backOff(LOG, "feed " + topic, e)) {
                    return;
                }
            }
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.putAll(common);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(p);
    }

    private void ensureTopic() throws ExecutionException, InterruptedException {
        Topics.ensure(common, new NewTopic(topic, Optional.of(1), Optional.empty())
                .configs(Map.of("cleanup.policy", "compact")));
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
        sender.shutdown();
        producer.close(Duration.ofSeconds(5));
    }
}
