package io.lethe.classifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Dynamic micro-batching across concurrent responses: sentences wait in a bounded queue; each worker takes
 * the first, gathers more until the batch is full or the first has waited {@code maxWait}, and runs the
 * model once. Callers never block: a full queue fails the sentence at once, and every sentence fails with
 * a {@link java.util.concurrent.TimeoutException} after {@code timeout} (the stage's fail mode decides).
 * Sentences whose caller already gave up are skipped, not computed.
 */
public final class MicroBatcher implements AutoCloseable {

    /** Counters for metrics and benchmarks. */
    public record Stats(long sentences, long batches, long rejected, long timedOut, long failed, int queued) {
        public double meanBatch() {
            return batches == 0 ? 0 : (double) sentences / batches;
        }
    }

    private record Job(String text, long enqueued, CompletableFuture<float[]> result) {
    }

    private final Function<List<String>, float[][]> model;
    private final BlockingQueue<Job> queue;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final Duration timeout;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong sentences = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param model    scores a batch (one result per text, in order); called on the worker threads
     * @param workers  concurrent batches (each an ONNX run; on CPU, one per core with one intra-op thread)
     * @param maxBatch most sentences per run
     * @param maxWait  how long the first sentence of a batch waits for company
     * @param capacity queue bound; beyond it sentences are refused
     * @param timeout  a sentence not scored by then fails
     */
    public MicroBatcher(String name, Function<List<String>, float[][]> model, int workers, int maxBatch,
                        Duration maxWait, int capacity, Duration timeout) {
        if (workers < 1 || maxBatch < 1 || capacity < 1) {
            throw new IllegalArgumentException("workers, max batch and queue capacity must be at least 1");
        }
        this.model = model;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWait.toNanos();
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.timeout = timeout;
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::work, "lethe-classifier-" + name + "-" + i);
            t.setDaemon(true);
            t.start();
            this.workers.add(t);
        }
    }

    /** Queues one text; the future completes on a worker thread (or the timeout's). */
    public CompletableFuture<float[]> submit(String text) {
        CompletableFuture<float[]> f = new CompletableFuture<>();
        if (closed || !queue.offer(new Job(text, System.nanoTime(), f))) {
            rejected.incrementAndGet();
            f.completeExceptionally(new RejectedExecutionException(closed ? "classifier stopped" : "classifier queue full"));
            return f;
        }
        f.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((v, e) -> {
            if (e instanceof java.util.concurrent.TimeoutException) {
                timedOut.incrementAndGet();
            }
        });
        return f;
    }

    public Stats stats() {
        return new Stats(sentences.get(), batches.get(), rejected.get(), timedOut.get(), failed.get(), queue.size());
    }

    private void work() {
        List<Job> batch = new ArrayList<>(maxBatch);
        List<String> texts = new ArrayList<>(maxBatch);
        while (!closed) {
            batch.clear();
            texts.clear();
            try {
                Job first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                add(first, batch);
                long deadline = first.enqueued + maxWaitNanos;
                while (batch.size() < maxBatch) {
                    Job next = queue.poll();
                    if (next == null) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        next = queue.poll(left, TimeUnit.NANOSECONDS);
                        if (next == null) {
                            break;
                        }
                    }
                    add(next, batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch.isEmpty()) {
                continue;
            }
            for (Job j : batch) {
                texts.add(j.text);
            }
            try {
                float[][] out = model.apply(texts);
                sentences.addAndGet(batch.size());
                batches.incrementAndGet();
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).result.complete(out[i]);
                }
            } catch (RuntimeException | Error e) {
                failed.addAndGet(batch.size());
                for (Job j : batch) {
                    j.result.completeExceptionally(e);
                }
            }
        }
    }

    private static void add(Job j, List<Job> batch) {
        if (!j.result.isDone()) { // timed out while queued: nobody waits for it
            batch.add(j);
        }
    }

    /**
     * Stops the workers and fails what is still queued. Waits (at most {@link #STOP_WAIT_MS} ms) for a batch
     * being scored to end, so the model is not closed under a native run (ONNX Runtime aborts the process).
     */
    @Override
    public void close() {
        closed = true;
        for (Thread t : workers) {
            t.interrupt();
        }
        Job j;
        while ((j = queue.poll()) != null) {
            j.result.completeExceptionally(new RejectedExecutionException("classifier stopped"));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MS);
        for (Thread t : workers) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Longest wait in {@link #close()} for a batch being scored. */
    static final long STOP_WAIT_MS = 10_000;

    /** Whether every worker has ended (after {@link #close()}): only then may the model be closed. */
    public boolean stopped() {
        return workers.stream().noneMatch(Thread::isAlive);
    }
}
