package io.lethe.audit;

import io.lethe.guard.Finding;

import java.util.List;

/** Scans a model's raw answer with the guard's detectors; called on an audit scan thread, may block. */
@FunctionalInterface
public interface AnswerScanner {

    /**
     * Every finding in {@code text} (whatever the policy would do with it), offsets into {@code text}.
     *
     * @param tenant the tenant to scan as (an erasure scoped to tenants is enforced only for them), or null
     */
    List<Finding> scan(String model, String tenant, String text);
}
