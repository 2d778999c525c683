package io.lethe.classifier;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MicroBatcherTest {

    /** A "model" that returns the text's length and remembers batch sizes. */
    static float[][] lengths(List<String> texts, List<Integer> sizes) {
        synchronized (sizes) {
            sizes.add(texts.size());
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new float[]{texts.get(i).length()};
        }
        return out;
    }

    @Test
    void concurrentSentencesShareBatchesAndEachGetsItsOwnResult() {
        List<Integer> sizes = new ArrayList<>();
        try (MicroBatcher b = new MicroBatcher("t", t -> lengths(t, sizes), 1, 8, Duration.ofMillis(50), 100,
                Duration.ofSeconds(5))) {
            List<CompletableFuture<float[]>> fs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                fs.add(b.submit("x".repeat(i + 1)));
            }
            for (int i = 0; i < 20; i++) {
                assertThat(fs.get(i).join()[0]).isEqualTo(i + 1f);
            }
            assertThat(sizes).allMatch(s -> s <= 8);
            assertThat(b.stats().meanBatch()).isGreaterThan(4);
            assertThat(b.stats().sentences()).isEqualTo(20);
        }
    }

    @Test
    void aFullQueueRefusesAtOnceAndASlowModelTimesOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        try (MicroBatcher b = new MicroBatcher("t", t -> {
            runs.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new float[t.size()][1];
        }, 1, 1, Duration.ZERO, 2, Duration.ofMillis(200))) {
            CompletableFuture<float[]> first = b.submit("a"); // taken by the worker, which then blocks
            while (runs.get() == 0) {
                Thread.sleep(1);
            }
            CompletableFuture<float[]> second = b.submit("b");
            CompletableFuture<float[]> third = b.submit("c");
            CompletableFuture<float[]> refused = b.submit("d");
            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(refused::join).hasCauseInstanceOf(RejectedExecutionException.class);
            assertThatThrownBy(first::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(TimeoutException.class);
            assertThatThrownBy(second::join).hasCauseInstanceOf(TimeoutException.class);
            // third's deadline passes while the worker is still blocked (released before it, the worker could
            // take it in time: a race a loaded CI machine lost)
            assertThatThrownBy(third::join).hasCauseInstanceOf(TimeoutException.class);
            release.countDown();
            Thread.sleep(100);
            // the timed-out queued sentences were skipped, not computed
            assertThat(runs.get()).isEqualTo(1);
            assertThat(b.stats().rejected()).isEqualTo(1);
            assertThat(b.stats().timedOut()).isEqualTo(3);
        }
    }

    @Test
    void aModelFailureFailsItsBatchOnly() {
        try (MicroBatcher b = new MicroBatcher("t", t -> {
            if (t.contains("boom")) {
                throw new IllegalStateException("model failed");
            }
            return new float[t.size()][1];
        }, 1, 1, Duration.ZERO, 10, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> b.submit("boom").join()).hasMessageContaining("model failed");
            assertThat(b.submit("fine").join()).hasSize(1);
            assertThat(b.stats().failed()).isEqualTo(1);
        }
    }
}
