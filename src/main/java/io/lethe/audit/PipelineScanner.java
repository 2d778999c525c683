package io.lethe.audit;

import io.lethe.guard.Channel;
import io.lethe.guard.Finding;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.DecidedFinding;
import io.lethe.guard.pipeline.GuardListener;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.guard.pipeline.PipelineSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Scans with the pipeline in force, as a whole answer (every stage, the classifier included, waited for up to
 * {@code timeoutMillis}), with no listener: a probe's answer never reached a client, so it is neither leak
 * evidence nor retrain debt.
 */
public final class PipelineScanner implements AnswerScanner {

    private final PipelineSource pipelines;
    private final long timeoutMillis;

    public PipelineScanner(PipelineSource pipelines, long timeoutMillis) {
        this.pipelines = pipelines;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public List<Finding> scan(String model, String tenant, String text) {
        GuardSession s = pipelines.current().open(new ScanContext("audit-" + java.util.UUID.randomUUID(), model,
                tenant, null), GuardListener.NONE);
        Channel ch = Channel.content(0);
        s.wholeAnswer();
        s.append(ch, text);
        s.finish(ch);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (CompletableFuture<?> p = s.pending(); p != null; p = s.pending()) {
            try {
                p.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while scanning");
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("a guard stage did not finish scanning the answer: " + e.getClass().getSimpleName());
            }
            s.poll();
        }
        List<Finding> out = new ArrayList<>();
        for (DecidedFinding f : s.findings()) {
            out.add(f.finding());
        }
        return out;
    }
}
