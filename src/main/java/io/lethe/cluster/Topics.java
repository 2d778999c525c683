package io.lethe.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creating this package's topics (once, idempotent: an existing topic is left as it is), and the pause its
 * Kafka threads take after a failure before they try again.
 */
final class Topics {

    private Topics() {
    }

    /** Pause after a failure of the thread working on {@code what}, in ms. */
    static final long RETRY_MS = 2000;

    /**
     * Logs the failure's type (never a payload) and waits {@link #RETRY_MS} before the caller tries again; false when
     * interrupted meanwhile (the thread is to stop).
     */
    static boolean backOff(org.jboss.logging.Logger log, String what, Exception e) {
        log.warnf("%s: %s; retrying in %d s", what, e.getClass().getSimpleName(), RETRY_MS / 1000);
        try {
            Thread.sleep(RETRY_MS);
            return true;
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return false;
        }
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
