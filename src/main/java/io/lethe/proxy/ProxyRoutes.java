package io.lethe.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.guard.Channel;
import io.lethe.guard.ScanContext;
import io.lethe.guard.pipeline.DecidedFinding;
import io.lethe.guard.pipeline.GuardListener;
import io.lethe.guard.pipeline.GuardListenerFactory;
import io.lethe.guard.pipeline.GuardPipeline;
import io.lethe.guard.pipeline.GuardSession;
import io.lethe.guard.pipeline.Release;
import io.lethe.guard.pipeline.PipelineSource;
import io.lethe.proxy.openai.ApiError;
import io.lethe.proxy.openai.Json;
import io.lethe.proxy.openai.Declared;
import io.lethe.proxy.openai.RequestCheck;
import io.lethe.proxy.openai.Wire;
import io.lethe.proxy.upstream.ModelCatalog;
import io.lethe.proxy.upstream.Upstream;
import io.lethe.proxy.upstream.Upstreams;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The client-facing routes, registered straight on the Vert.x router (no JAX-RS on the hot path: full
 * control of streaming and backpressure). Every response carries {@code X-Request-Id}; every error is an
 * OpenAI error object.
 */
@ApplicationScoped
public class ProxyRoutes {

    private static final Logger LOG = Logger.getLogger(ProxyRoutes.class);
    static final String REQUEST_ID = "X-Request-Id";
    private static final int MAX_REQUEST_ID_LENGTH = 200;
    /** The prompt's latest characters read for the people it names (bounds the work per request). */
    static final int PROMPT_PRIME_CHARS = 64 * 1024;

    @Inject
    Vertx vertx;
    @Inject
    ProxySettings settings;
    @Inject
    Upstreams upstreams;
    @Inject
    PipelineSource pipelines;
    @Inject
    ProxyMetrics metrics;
    /** Other listeners (evidence), provided by the composition root; none in a bare proxy. */
    @Inject
    Instance<GuardListenerFactory> listenerFactories;
    private GuardListenerFactory listeners;
    /** Client credentials, provided by the composition root; anonymous access in a bare proxy. */
    @Inject
    Instance<ClientAuth> authInstance;
    private ClientAuth auth;
    /** Request-rate and stream limits, provided by the composition root; none in a bare proxy. */
    @Inject
    Instance<Limits> limitsInstance;
    private Limits limits;
    /** Whether the erasure registry is current (cluster mode), provided by the composition root; none: always. */
    @Inject
    Instance<RegistryGate> gateInstance;
    private RegistryGate gate;
    /** Words to steer upstreams away from (vLLM {@code bad_words}), provided by the composition root. */
    @Inject
    Instance<SteeringWords> steeringInstance;
    private SteeringWords steering;
    /** The request's {@link ClientAuth.Principal}, put by {@link #authenticate}. */
    static final String PRINCIPAL = "lethe.principal";

    void init(@Observes Router router) {
        listeners = listenerFactories.isResolvable() ? listenerFactories.get() : GuardListenerFactory.NONE;
        auth = authInstance.isResolvable() ? authInstance.get() : ClientAuth.open();
        limits = limitsInstance.isResolvable() ? limitsInstance.get() : new Limits(Limits.Settings.OFF);
        gate = gateInstance.isResolvable() ? gateInstance.get() : () -> null;
        steering = steeringInstance.isResolvable() ? steeringInstance.get() : SteeringWords.NONE;
        router.route().order(-1000).handler(this::requestId);
        router.route("/v1/*").order(-999).handler(this::authenticate);
        router.post("/v1/chat/completions").handler(ctx -> readBody(ctx, "chat_completions",
                body -> completion(ctx, Wire.CHAT, body)));
        router.post("/v1/completions").handler(ctx -> readBody(ctx, "completions",
                body -> completion(ctx, Wire.COMPLETIONS, body)));
        router.post("/v1/responses").handler(ctx -> readBody(ctx, "responses",
                body -> completion(ctx, Wire.RESPONSES, body)));
        router.post("/v1/embeddings").handler(ctx -> readBody(ctx, "embeddings",
                body -> completion(ctx, Wire.EMBEDDINGS, body)));
        router.get("/v1/models").handler(this::models);
        router.get("/v1/models/:model").handler(this::model);
        router.post("/v1/guard/scan").handler(ctx -> readBody(ctx, "guard_scan", body -> scan(ctx, body)));
        methodNotAllowed(router, "/v1/chat/completions", "POST");
        methodNotAllowed(router, "/v1/completions", "POST");
        methodNotAllowed(router, "/v1/models", "GET");
        methodNotAllowed(router, "/v1/guard/scan", "POST");
        methodNotAllowed(router, "/v1/embeddings", "POST");
        methodNotAllowed(router, "/v1/responses", "POST");
        // Anything else under /v1 (files, audio, images, ...) is not served: an OpenAI error, never a page,
        // and never model output relayed unscanned.
        router.route("/v1/*").order(1000).handler(ctx -> {
            RequestInfo info = ctx.get(RequestInfo.KEY);
            info.endpoint = "unknown";
            info.modelTag = "-";
            sendError(ctx, ApiError.of(404, ApiError.INVALID_REQUEST, "Unknown route: " + method(ctx)
                    + " on a path under /v1 that this gateway does not serve (the path is not repeated: it is the "
                    + "caller's text). This gateway serves /v1/chat/completions, /v1/completions, "
                    + "/v1/responses, /v1/embeddings, /v1/models and /v1/guard/scan.", null, "unknown_route"));
        });
        // Whatever no route serves (a base URL without /v1, a typo) gets an OpenAI error too, never a page.
        router.route().order(Integer.MAX_VALUE).handler(ctx -> {
            if (ctx.request().path().startsWith("/q/")) {
                ctx.next(); // Quarkus' own endpoints
                return;
            }
            RequestInfo info = ctx.get(RequestInfo.KEY);
            if (info != null) {
                info.endpoint = "unknown";
                info.modelTag = "-";
            }
            String path = ctx.request().path();
            sendError(ctx, ApiError.of(404, ApiError.INVALID_REQUEST, "Unknown route: " + method(ctx)
                    + (path.startsWith("/admin/") ? " on a path under /admin that the admin API does not serve. The "
                    + "admin API is under /admin/v1: erasures, erasures:bulk, erasures/{id}, "
                    + "models/{model}/erasure-debt, passages:match (see /q/openapi)."
                    : " on a path outside /v1. OpenAI clients need a base URL ending in /v1."), null, "unknown_route"));
        });
        LOG.infof("proxy routes ready: default upstream %s, %d named upstream(s)",
                settings.defaultUpstream().displayUrl(), settings.named().size());
    }

    /**
     * Every client route runs as the tenant of its credential (API.md, "Client authentication"): none, or a
     * wrong one, is a 401 in OpenAI's shape before anything else is read. The admin token is a credential on
     * the guard API only.
     */
    private void authenticate(RoutingContext ctx) {
        if (ctx.request().headers().getAll(HttpHeaders.AUTHORIZATION).size() > 1) {
            sendError(ctx, ApiError.of(400, ApiError.INVALID_REQUEST, "Send one Authorization header, not several.",
                    null, "ambiguous_credentials"));
            return;
        }
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        boolean scan = scanPath(ctx);
        if (auth.mayBlock(header)) {
            // a JWT: its key set may have to be fetched from the issuer, which must not stall the event loop
            Context context = vertx.getOrCreateContext();
            vertx.executeBlocking(() -> auth.authenticate(header, scan), false).onComplete(ar -> onContext(context, () -> {
                if (ar.succeeded()) {
                    admitted(ctx, ar.result());
                } else if (ar.cause() instanceof ClientAuth.Unauthorized u) {
                    refused(ctx, u);
                } else {
                    refused(ctx, ClientAuth.invalid());
                }
            }));
            return;
        }
        try {
            admitted(ctx, auth.authenticate(header, scan));
        } catch (ClientAuth.Unauthorized e) {
            refused(ctx, e);
        }
    }

    /** An authenticated request goes on, unless its credential or tenant is over a limit. */
    private void admitted(RoutingContext ctx, ClientAuth.Principal caller) {
        ctx.put(PRINCIPAL, caller);
        RequestInfo info = ctx.get(RequestInfo.KEY);
        if (info != null) {
            info.erasureIds = auth.seesErasureIds(caller);
        }

        Limits.Refusal over = limits.request(caller);
        if (over != null) {
            tooMany(ctx, over);
            return;
        }
        String stale = guarded(ctx) ? gate.notCurrent() : null;
        if (stale != null) {
            notCurrent(ctx, stale);
            return;
        }
        ctx.next();
    }

    /** A request whose answer the guard scans: any POST under /v1 but embeddings (vectors carry no text). */
    private static boolean guarded(RoutingContext ctx) {
        return ctx.request().method() == io.vertx.core.http.HttpMethod.POST
                && !ctx.request().path().startsWith("/v1/embeddings");
    }

    /**
     * A 503 in OpenAI's shape with {@code Retry-After}: this replica cannot tell that it holds every erasure, so it
     * guards nothing rather than guard with a registry that may miss one (default-deny; helper-71).
     */
    private void notCurrent(RoutingContext ctx, String why) {
        RequestInfo info = ctx.get(RequestInfo.KEY);
        if (info != null) {
            info.outcome = "registry_not_current";
            if (info.endpoint == null) {
                info.endpoint = "registry_not_current";
            }
        }
        metrics.limited("registry_not_current");
        ctx.response().putHeader("Retry-After", "5");
        sendError(ctx, ApiError.of(503, "server_error", "This gateway cannot confirm that it enforces every current "
                + "erasure (" + why + "). Try again shortly, or another replica.", null, "registry_not_current"));
    }

    /** A 401 in OpenAI's shape. */
    private void refused(RoutingContext ctx, ClientAuth.Unauthorized e) {
        RequestInfo info = ctx.get(RequestInfo.KEY);
        if (info != null) {
            info.outcome = "unauthorized";
            info.endpoint = "unauthenticated";  // a bounded tag: never the raw path of an unauthenticated call
            info.modelTag = "-";
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        sendError(ctx, e.missing()
                ? ApiError.of(401, ApiError.INVALID_REQUEST, "You didn't provide an API key. Send it as "
                        + "'Authorization: Bearer <key>' (keys are set per tenant in lethe.tenants.<tenant>.api-keys).",
                        null, "missing_api_key")
                : ApiError.of(401, ApiError.INVALID_REQUEST, "Incorrect API key provided.", null, "invalid_api_key"));
    }

    /** A 429 in OpenAI's shape with {@code Retry-After}, naming the limit (never the credential). */
    private void tooMany(RoutingContext ctx, Limits.Refusal over) {
        RequestInfo info = ctx.get(RequestInfo.KEY);
        if (info != null) {
            info.outcome = "rate_limited";
            if (info.endpoint == null) {
                info.endpoint = "rate_limited";  // a bounded tag, as above
            }
        }
        metrics.limited(over.limit());
        ctx.response().putHeader("Retry-After", Long.toString(over.retryAfterSeconds()));
        String what = switch (over.limit()) {
            case "credential_rate" -> "requests per second for this credential";
            case "tenant_rate" -> "requests per second for this tenant";
            case "credential_streams" -> "concurrent streams for this credential";
            default -> "concurrent streams for this tenant";
        };
        sendError(ctx, ApiError.of(429, "requests", "Rate limit reached: " + what + ". Try again in "
                + over.retryAfterSeconds() + " s.", null, "rate_limit_exceeded"));
    }

    /** A 503 in OpenAI's shape with {@code Retry-After}: the upstream has {@code max-concurrent} requests in flight. */
    private void upstreamBusy(RoutingContext ctx, RequestInfo info, Upstream up) {
        info.outcome = "upstream_busy";
        metrics.limited("upstream_concurrency");
        ctx.response().putHeader("Retry-After", "1");
        sendError(ctx, ApiError.of(503, "server_error", "The model server for this model is at its limit of "
                + up.settings().maxConcurrent() + " concurrent requests. Try again shortly.", null, "upstream_busy"));
    }

    /** The tenant the request runs as (its credential's). */
    private static String tenantOf(RoutingContext ctx) {
        ClientAuth.Principal p = ctx.get(PRINCIPAL);
        return p == null ? null : p.tenant();
    }

    /** Takes the client's X-Request-Id (if usable) or makes one, and logs and measures the request at its end. */
    private void requestId(RoutingContext ctx) {
        String id = ctx.request().getHeader(REQUEST_ID);
        // an id naming an erased value would be logged and kept as evidence as given: it is replaced too
        if (!usableRequestId(id) || ctx.request().headers().getAll(REQUEST_ID).size() > 1
                || pipelines.current().mentionsErased(id)) {  // two ids: neither is the request's
            id = UUID.randomUUID().toString();
        }
        RequestInfo info = new RequestInfo(id);
        ctx.put(RequestInfo.KEY, info);
        ctx.response().putHeader(REQUEST_ID, id);
        ctx.addEndHandler(ar -> ended(info, ar.succeeded()));
        ctx.next();
    }

    /**
     * Whether a client's X-Request-Id can be echoed, forwarded and logged as it is: 1 to 200 printable ASCII chars
     * without spaces (so it can forge neither a header nor a log field). Admin routes use the same rule.
     */
    public static boolean usableRequestId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_REQUEST_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private void ended(RequestInfo info, boolean responseCompleted) {
        if (info.endpoint == null) {
            return; // not one of ours (health, metrics)
        }
        if (!responseCompleted && "ok".equals(info.outcome)) {
            info.outcome = "client_closed";
        }
        long nanos = System.nanoTime() - info.startNanos;
        int status = !responseCompleted && info.status == 0 ? 499 : info.status;
        metrics.request(info.endpoint, info.metricModel(), status, info.streamed, nanos);
        if (LOG.isInfoEnabled()) {
            // Built by hand: String.format cost a tenth of the gateway's CPU per request in profiles.
            StringBuilder line = new StringBuilder(200).append("request_id=").append(info.requestId)
                    .append(" endpoint=").append(info.endpoint).append(" model=").append(info.recordedModel())
                    .append(" upstream=").append(info.upstream).append(" streamed=").append(info.streamed)
                    .append(" status=").append(status).append(" outcome=").append(info.outcome)
                    .append(" guard=").append(info.guardAction).append(" duration_ms=");
            ms(line, nanos).append(" upstream_headers_ms=");
            ms(line, info.upstreamHeadersNanos).append(" first_byte_ms=");
            ms(line, info.upstreamFirstByteNanos);
            LOG.info(line);
        }
    }

    /** Whether the request is for the guard API, however its path is spelt ("/v1/guard/scan/", "%73can"). */
    private static boolean scanPath(RoutingContext ctx) {
        String p = ctx.normalizedPath();
        int end = p.length();
        while (end > 1 && p.charAt(end - 1) == '/') {
            end--;
        }
        return p.regionMatches(0, "/v1/guard/scan", 0, end) && end == "/v1/guard/scan".length();
    }

    /** Milliseconds with one decimal, or "-" when unknown. */
    static StringBuilder ms(StringBuilder sb, long nanos) {
        if (nanos < 0) {
            return sb.append('-');
        }
        long tenths = (nanos + 50_000) / 100_000;
        return sb.append(tenths / 10).append('.').append(tenths % 10);
    }

    private void methodNotAllowed(Router router, String path, String allowed) {
        router.route(path).handler(ctx -> {
            ctx.response().putHeader(HttpHeaders.ALLOW, allowed);
            sendError(ctx, ApiError.of(405, ApiError.INVALID_REQUEST,
                    "Method " + method(ctx) + " is not allowed on " + path + "; use " + allowed + ".",
                    null, "method_not_allowed"));
        });
    }

    /**
     * Reads the request body up to {@code lethe.proxy.max-body-size}. Over the limit: 413 at once; the rest
     * of the body is drained (so the client reads the answer) up to one more limit's worth, then the
     * connection is closed.
     */
    private void readBody(RoutingContext ctx, String endpoint, Consumer<Buffer> then) {
        RequestInfo info = ctx.get(RequestInfo.KEY);
        info.endpoint = endpoint;
        HttpServerRequest req = ctx.request();
        long limit = settings.maxBodyBytes();
        long declared = contentLength(req);
        if (declared > limit) {
            info.outcome = "body_too_large";
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            sendError(ctx, ApiError.tooLarge(limit));
            return;
        }
        if ("100-continue".equalsIgnoreCase(req.getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue();
        }
        Buffer body = Buffer.buffer(declared > 0 ? (int) declared : 1024);
        long[] seen = {0};
        req.handler(chunk -> {
            seen[0] += chunk.length();
            if (seen[0] > limit) {
                if (!ctx.response().ended()) {
                    info.outcome = "body_too_large";
                    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                    sendError(ctx, ApiError.tooLarge(limit));
                } else if (seen[0] > 2 * limit) {
                    req.connection().close();
                }
                return;
            }
            body.appendBuffer(chunk);
        });
        req.endHandler(v -> {
            if (seen[0] <= limit) {
                then.accept(withoutByteOrderMark(body));
            }
        });
        req.exceptionHandler(t -> LOG.debugf("request_id=%s request body failed: %s", info.requestId, t.getMessage()));
        req.resume();
    }

    /**
     * The body without a leading UTF-8 byte order mark: JSON text must not begin with one (RFC 8259, 8.1) and the
     * body is forwarded as received, so an upstream whose parser refuses it (Python's {@code json}) would fail.
     */
    static Buffer withoutByteOrderMark(Buffer body) {
        return body.length() >= 3 && body.getByte(0) == (byte) 0xEF && body.getByte(1) == (byte) 0xBB
                && body.getByte(2) == (byte) 0xBF ? body.getBuffer(3, body.length()) : body;
    }

    private static long contentLength(HttpServerRequest req) {
        String cl = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (cl == null) {
            return -1;
        }
        try {
            return Long.parseLong(cl.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Parses a JSON object body; on failure sends the 400 and returns {@code null}. */
    private ObjectNode parseObject(RoutingContext ctx, Buffer raw) {
        try {
            JsonNode n = Json.parse(raw.getBytes());
            if (n instanceof ObjectNode o) {
                return o;
            }
            sendError(ctx, ApiError.invalid(n == null || n.isMissingNode() ? "The request body is empty; expected a JSON object."
                    : "The request body must be a JSON object.", null));
        } catch (JsonProcessingException e) {
            sendError(ctx, ApiError.malformedJson(e));
        } catch (IOException e) {
            sendError(ctx, ApiError.invalid("The request body could not be read.", null));
        }
        return null;
    }

    /** Methods an error may name; any other is the caller's word (Vert.x takes custom ones) and is not repeated. */
    private static final java.util.Set<String> STANDARD_METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT",
            "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    /** The request's method as an error names it: a standard one, else a fixed description. */
    private static String method(RoutingContext ctx) {
        String m = ctx.request().method().name();
        return STANDARD_METHODS.contains(m) ? m : "a non-standard method";
    }

    /** A header value as it may appear in an error: printable ASCII, at most 100 chars. */
    static String routeName(String path) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < path.length() && sb.length() < 100; i++) {
            char c = path.charAt(i);
            sb.append(c > 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }

    private void completion(RoutingContext ctx, Wire wire, Buffer raw) {
        RequestInfo info = ctx.get(RequestInfo.KEY);
        ObjectNode body = parseObject(ctx, raw);
        if (body == null) {
            return;
        }
        ApiError invalid = switch (wire) {
            case CHAT -> RequestCheck.chat(body);
            case COMPLETIONS -> RequestCheck.completions(body);
            case RESPONSES -> RequestCheck.responses(body);
            case EMBEDDINGS -> RequestCheck.embeddings(body);
        };
        if (invalid != null) {
            sendError(ctx, invalid);
            return;
        }
        String model = body.get("model").textValue();
        info.model = model;
        // a name no upstream lists is the client's own string: one naming an erased value is never recorded
        info.modelWithheld = !upstreams.route(model).listed() && pipelines.current().mentionsErased(model);
        info.streamed = wire.guarded() && RequestCheck.streamed(body);
        GuardPipeline pipeline = pipelines.current();
        List<String> prompt = !wire.guarded() ? List.of() : wire == Wire.RESPONSES ? PromptRefusal.responsesTexts(body)
                : PromptRefusal.texts(body, wire == Wire.COMPLETIONS);
        if (wire.guarded() && pipeline.checksPrompts()) {
            DecidedFinding refusing = pipeline.checkPrompt(new ScanContext(info.requestId, info.recordedModel(),
                    tenantOf(ctx), null), prompt);
            if (refusing != null) {
                info.outcome = "prompt_refused";
                info.guardAction = "block";
                if (wire == Wire.RESPONSES) {
                    PromptRefusal.sendResponses(ctx, body, info, refusing);
                } else {
                    PromptRefusal.send(ctx, body, wire == Wire.COMPLETIONS, info, refusing);
                }
                return;
            }
        }
        Upstreams.Route route = upstreams.route(model);
        if (route.listed()) {
            info.modelTag = model;
            steer(ctx, info, wire, route, raw, body, model, prompt);
            return;
        }
        Context context = vertx.getOrCreateContext();
        upstreams.catalog().lookup(model).onComplete(ar -> onContext(context, () -> {
            ModelCatalog.Knowledge k = ar.succeeded() ? ar.result() : ModelCatalog.Knowledge.UNVERIFIED;
            if (k == ModelCatalog.Knowledge.UNKNOWN) {
                info.outcome = "model_not_found";
                sendError(ctx, ApiError.modelNotFound(model));
                return;
            }
            if (k == ModelCatalog.Knowledge.KNOWN) {
                info.modelTag = model;
            }
            steer(ctx, info, wire, route, raw, body, model, prompt);
        }));
    }

    /**
     * For an upstream with {@code bad-words} on (vLLM), chat and legacy completions whose prompt names erased
     * subjects: their names join the body's {@code bad_words} (the client's own kept), worked out off the event
     * loop. Every other request starts as it came.
     */
    private void steer(RoutingContext ctx, RequestInfo info, Wire wire, Upstreams.Route route, Buffer raw,
                       ObjectNode body, String model, List<String> prompt) {
        if (!route.upstream().settings().badWords() || (wire != Wire.CHAT && wire != Wire.COMPLETIONS)
                || prompt.isEmpty()) {
            start(ctx, info, wire, route, raw, model, Declared.of(body), prompt);
            return;
        }
        ScanContext scan = new ScanContext(info.requestId, info.recordedModel(), tenantOf(ctx), route.upstream().name());
        Context context = vertx.getOrCreateContext();
        vertx.<List<String>>executeBlocking(() -> steering.forPrompt(scan, prompt), false).onComplete(ar -> onContext(context, () -> {
            Buffer out = raw;
            if (ar.succeeded() && !ar.result().isEmpty()) {
                java.util.LinkedHashSet<String> words = new java.util.LinkedHashSet<>();
                JsonNode given = body.get("bad_words");
                if (given != null && given.isArray()) {
                    given.forEach(w -> {
                        if (w.isTextual()) {
                            words.add(w.textValue());
                        }
                    });
                }
                words.addAll(ar.result());
                ObjectNode copy = body.deepCopy();
                ArrayNode list = copy.putArray("bad_words");
                words.forEach(list::add);
                out = Buffer.buffer(Json.writeBytes(copy));
                metrics.steered(route.upstream().name());
            } else if (ar.failed()) {
                LOG.debugf("request_id=%s bad_words not added: %s", info.requestId, ar.cause().getClass().getSimpleName());
            }
            start(ctx, info, wire, route, out, model, Declared.of(body), prompt);
        }));
    }

    private void start(RoutingContext ctx, RequestInfo info, Wire wire, Upstreams.Route route,
                       Buffer raw, String model, Declared declared, List<String> prompt) {
        if (ctx.response().closed()) {
            info.outcome = "client_closed";
            return;
        }
        ClientAuth.Principal caller = ctx.get(PRINCIPAL);
        if (info.streamed && caller != null) {
            Limits.Refusal over = limits.streamStarted(caller);
            if (over != null) {
                tooMany(ctx, over);
                return;
            }
            ctx.addEndHandler(ar -> limits.streamEnded(caller));
        }
        Upstream up = route.upstream();
        if (!up.tryAcquire()) {
            upstreamBusy(ctx, info, up);
            return;
        }
        ctx.addEndHandler(ar -> up.release());
        info.upstream = up.name();
        declared = declared.withErasureIds(info.erasureIds);
        ScanContext scan = new ScanContext(info.requestId, info.recordedModel(), tenantOf(ctx), route.upstream().name());
        GuardSession session = pipelines.current().open(scan, GuardListener.both(metrics, listeners.open(scan)));
        // people the request names: their follow-up mentions count from the answer's first token
        session.prime(PromptRefusal.tail(prompt, PROMPT_PRIME_CHARS));
        new ProxyExchange(vertx, ctx, info, wire, route.upstream(), raw, declared, session, settings.maxUpstreamBodyBytes(),
                metrics).start();
    }

    private void models(RoutingContext ctx) {
        RequestInfo info = ctx.get(RequestInfo.KEY);
        info.endpoint = "models";
        info.modelTag = "-";
        Context context = vertx.getOrCreateContext();
        upstreams.models().onComplete(ar -> onContext(context, () -> {
            if (ar.failed()) {
                info.outcome = "upstream_error";
                // The cause (host, port, error) is in the catalog's log line, not in the client's answer.
                sendError(ctx, ApiError.badGateway("Could not list models: the default upstream's model list is "
                        + "unavailable.", "upstream_unavailable"));
                return;
            }
            ObjectNode out = Json.object();
            out.put("object", "list");
            ArrayNode data = out.putArray("data");
            ar.result().forEach(data::add);
            sendJson(ctx, 200, out);
        }));
    }

    /** {@code GET /v1/models/{model}}: the model from the upstreams' lists, or OpenAI's 404. */
    private void model(RoutingContext ctx) {
        RequestInfo info = ctx.get(RequestInfo.KEY);
        info.endpoint = "models";
        info.modelTag = "-";
        String wanted = ctx.pathParam("model");
        Context context = vertx.getOrCreateContext();
        upstreams.models().onComplete(ar -> onContext(context, () -> {
            if (ar.failed()) {
                info.outcome = "upstream_error";
                sendError(ctx, ApiError.badGateway("Could not look up the model: the default upstream's model list is "
                        + "unavailable.", "upstream_unavailable"));
                return;
            }
            for (JsonNode m : ar.result()) {
                if (wanted.equals(Json.text(m, "id"))) {
                    sendJson(ctx, 200, m);
                    return;
                }
            }
            sendError(ctx, ApiError.modelNotFound(wanted));
        }));
    }

    /** The Guard API: one text through the pipeline as {@code Channel.content(0)}, scanned whole. */
    private void scan(RoutingContext ctx, Buffer raw) {
        RequestInfo info = ctx.get(RequestInfo.KEY);
        info.modelTag = "-";
        if (!auth.mayScan(ctx.get(PRINCIPAL))) {
            // opt-in (lethe.auth.scan-role): checked where the route lands, whatever spelling of the path led here
            sendError(ctx, ApiError.of(403, "permission_error", "This credential lacks the role '" + auth.scanRole()
                    + "' that /v1/guard/scan requires.", null, "role_required"));
            return;
        }
        ObjectNode body = parseObject(ctx, raw);
        if (body == null) {
            return;
        }
        JsonNode text = body.get("text");
        if (text == null || !text.isTextual()) {
            sendError(ctx, ApiError.invalid(text == null ? "Missing required parameter: 'text'."
                    : "Invalid 'text': expected a string.", "text"));
            return;
        }
        for (String field : new String[]{"model", "tenant"}) {
            JsonNode v = body.get(field);
            if (v != null && !v.isNull() && !v.isTextual()) {
                sendError(ctx, ApiError.invalid("Invalid '" + field + "': expected a string.", field));
                return;
            }
        }
        String model = Json.text(body, "model");
        info.model = model;
        info.modelWithheld = pipelines.current().mentionsErased(model);
        // the caller's own tenant; another only for a credential that may scan for any (the admin token)
        ClientAuth.Principal caller = ctx.get(PRINCIPAL);
        String asked = Json.text(body, "tenant");
        String tenant = caller == null ? asked : caller.tenant();
        if (caller != null && caller.anyTenant()) {
            tenant = asked;
        } else if (asked != null && !asked.equals(tenant)) {
            sendError(ctx, ApiError.of(403, "permission_error", "This credential may scan for its own tenant only.",
                    "tenant", "tenant_not_allowed"));
            return;
        }
        ScanContext scan = new ScanContext(info.requestId, info.recordedModel(), tenant, null);
        GuardSession session = pipelines.current().open(scan, GuardListener.both(metrics, listeners.open(scan)));
        // Asynchronous stages (the classifier) answer later, without blocking; the scan waits for all their
        // findings, shadow ones included, to report them.
        Channel channel = Channel.content(0);
        session.wholeAnswer();
        StringBuilder released = new StringBuilder();
        released.append(session.append(channel, text.textValue()).text()).append(session.finish(channel).text());
        Settle.then(session, vertx.getOrCreateContext(), true, rs -> {
            Release r = rs.get(channel);
            if (r != null) {
                released.append(r.text());
            }
        }, () -> scanAnswer(ctx, info, session, session.isBlocked(0) ? session.refusal(0) : released.toString()),
                e -> sendError(ctx, ApiError.of(500, "server_error", "The guard could not scan the text.", null,
                        "internal_error")), () -> ctx.response().closed());
    }

    private void scanAnswer(RoutingContext ctx, RequestInfo info, GuardSession session, String out) {
        ObjectNode answer = Json.object();
        answer.put("action", session.action().wireName());
        answer.put("text", out);
        // which tenant's erasures applied (null: none were asked for; only tenant-wide ones applied)
        answer.put("tenant", session.context().tenant());
        ArrayNode findings = answer.putArray("findings");
        for (DecidedFinding df : session.findings()) {
            ObjectNode f = findings.addObject();
            f.put("erasure_id", info.erasureIds ? df.finding().erasureId() : null);
            f.put("detector", df.finding().detector());
            f.put("rule", df.decision().rule());
            f.put("start", df.finding().start());
            f.put("end", df.finding().end());
            f.put("score", df.finding().score());
        }
        info.guardAction = session.action().wireName();
        sendJson(ctx, 200, answer);
    }

    static void onContext(Context context, Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    static void sendError(RoutingContext ctx, ApiError error) {
        RequestInfo info = ctx.get(RequestInfo.KEY);
        if (info != null && "ok".equals(info.outcome)) {
            JsonNode code = error.body().path("error").path("code");
            info.outcome = code.isValueNode() && !code.isNull() ? code.asText() : "error_" + error.status();
        }
        sendJson(ctx, error.status(), error.body());
    }

    static void sendJson(RoutingContext ctx, int status, JsonNode body) {
        HttpServerResponse resp = ctx.response();
        if (resp.ended() || resp.closed()) {
            return;
        }
        RequestInfo info = ctx.get(RequestInfo.KEY);
        if (info != null) {
            info.status = status;
        }
        resp.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Buffer.buffer(Json.writeBytes(body)));
    }
}
