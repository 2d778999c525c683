package io.lethe.evidence.kafka;

import io.lethe.evidence.ChainVerifier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a whole evidence topic, every partition from its beginning to its end at the time of the call,
 * without a consumer group (nothing is committed), for the verifier and the tests.
 */
public final class KafkaEvidenceReader {

    private KafkaEvidenceReader() {
    }

    /** Called with each record, in partition order. */
    public interface Visitor {
        void event(int partition, long offset, byte[] key, byte[] value);
    }

    public static long read(String bootstrapServers, String topic, Duration timeout, Visitor each) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        long count = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<PartitionInfo> infos = c.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                return 0;
            }
            List<TopicPartition> parts = new ArrayList<>();
            infos.forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(parts, timeout));
            end.entrySet().removeIf(e -> c.position(e.getKey(), timeout) >= e.getValue());
            while (!end.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out reading " + topic + "; partitions left: " + end.keySet());
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    Long last = end.get(tp);
                    if (last == null || r.offset() >= last) {
                        continue;
                    }
                    each.event(r.partition(), r.offset(), r.key(), r.value());
                    count++;
                    if (r.offset() + 1 >= last) {
                        end.remove(tp);
                    }
                }
            }
        }
        return count;
    }

    /** Feeds a whole topic to a verifier, one stream per partition. */
    public static long readInto(ChainVerifier verifier, String bootstrapServers, String topic, Duration timeout) {
        return read(bootstrapServers, topic, timeout,
                (partition, offset, key, value) -> verifier.add("partition " + partition,
                        topic + "-" + partition + "@" + offset, value));
    }
}
