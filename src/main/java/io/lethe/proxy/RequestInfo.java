package io.lethe.proxy;

/**
 * What the access log and the request metrics need about one client request; filled as the request goes,
 * read once when the response ends. Confined to the request's event loop.
 */
final class RequestInfo {

    static final String KEY = "lethe.request";
    /** Metric tag for models that were not verified as served (keeps tag cardinality bounded). */
    static final String UNVERIFIED_MODEL = "_unverified";
    /** What logs, evidence and metrics show for a model that names an erased value. */
    static final String WITHHELD_MODEL = "<withheld>";

    final String requestId;
    final long startNanos = System.nanoTime();
    String endpoint;
    /** The model as given by the client, for logs. */
    String model;
    /** The model as a metric tag: the name when known, else a placeholder. */
    String modelTag = UNVERIFIED_MODEL;
    boolean streamed;
    String upstream;
    int status;
    /** {@code ok}, or why the exchange ended otherwise ({@code upstream_timeout}, {@code client_closed}, ...). */
    String outcome = "ok";
    String guardAction;
    /** The client's model names an erased value (or is too long to check): it is never logged or recorded. */
    boolean modelWithheld;
    /** Whether findings shown to this caller carry erasure ids ({@code lethe.auth.erasure-ids-role}). */
    boolean erasureIds = true;
    long upstreamHeadersNanos = -1;
    long upstreamFirstByteNanos = -1;

    RequestInfo(String requestId) {
        this.requestId = requestId;
    }

    /** The model as logs, scan contexts and evidence record it: the client's, or {@code <withheld>}. */
    String recordedModel() {
        return modelWithheld ? WITHHELD_MODEL : model;
    }

    /**
     * The model as the request metrics tag it: {@link #modelTag}, unless the log withholds the model. One flag
     * decides both, so a name the log withholds never becomes a label (a listed model can name a person too).
     */
    String metricModel() {
        return modelWithheld ? WITHHELD_MODEL : modelTag;
    }
}
