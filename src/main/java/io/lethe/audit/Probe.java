package io.lethe.audit;

import java.util.Objects;

/**
 * One question to put to a model about one erasure. The prompt lives in memory only (it holds erased values);
 * {@link #toString()} never shows it.
 *
 * @param erasureId  the erasure probed
 * @param kind       person, passage or topic
 * @param templateId the template it was made from
 * @param language   the template's language tag
 * @param key        unique within the erasure: the template id, plus {@code @p<i>} / {@code @t<i>e<j>} for the
 *                   passage or topic example it uses
 * @param prompt     the question (never stored or logged)
 */
public record Probe(String erasureId, ProbeKind kind, String templateId, String language, String key, String prompt) {

    public Probe {
        Objects.requireNonNull(erasureId, "erasureId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(prompt, "prompt");
    }

    @Override
    public String toString() {
        return "Probe[" + erasureId + ", " + kind.wire() + ", " + key + ", " + prompt.length() + " chars]";
    }
}
