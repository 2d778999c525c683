package io.lethe.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Creating this package's topics: once, idempotent (an existing topic is left as it is). */
final class Topics {

    private Topics() {
    }

    /** Creates {@code topic} unless it exists; waits up to 10 s, then Kafka's TimeoutException naming it. */
    static void ensure(Properties common, NewTopic topic) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(common)) {
            admin.createTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("creating topic " + topic.name(), e);
        }
    }
}
