package io.lethe.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The admin API under {@code /admin/v1} (see {@code META-INF/openapi.yaml}): bearer-token auth (503 while no
 * token is configured, 401 on a missing or wrong one), bodies capped, errors in OpenAI's shape. Handlers
 * run on the event loop and leave index work to the registry's threads.
 */
public final class AdminRoutes {

    private static final Logger LOG = Logger.getLogger(AdminRoutes.class);
    private static final int BULK_BATCH = 2000;

    /**
     * What an admin credential may do: {@code admin} everything; {@code importer} bulk imports only;
     * {@code auditor} read records, the retrain debt and passage matches.
     */
    public enum Role {
        ADMIN, IMPORTER, AUDITOR;

        /** The role named (any case); IllegalArgumentException naming the roles there are. */
        public static Role parse(String name) {
            for (Role r : values()) {
                if (r.name().equalsIgnoreCase(name.trim())) {
                    return r;
                }
            }
            throw new IllegalArgumentException("unknown admin role '" + name + "' (admin, importer, auditor)");
        }
    }

    /** A named admin token and its roles ({@code lethe.admin.tokens.<name>}). */
    public record Credential(String name, String token, java.util.Set<Role> roles) {
        public Credential {
            roles = java.util.Set.copyOf(roles);
        }

        @Override
        public String toString() {
            return "Credential[" + name + ", " + roles + "]";  // never the token
        }
    }

    /**
     * Settings of the admin API.
     *
     * @param token       the admin token ({@code lethe.admin.token}, role admin, named {@code admin}), or null
     * @param credentials more named tokens with their roles
     */
    public record Settings(String token, long maxBodyBytes, long maxBulkBytes, int maxBulkLineBytes,
                           java.util.List<Credential> credentials) {
        public Settings(String token, long maxBodyBytes, long maxBulkBytes, int maxBulkLineBytes) {
            this(token, maxBodyBytes, maxBulkBytes, maxBulkLineBytes, java.util.List.of());
        }

        /** Never the tokens. */
        @Override
        public String toString() {
            return "Settings[token=" + (token == null ? "none" : "set") + ", maxBodyBytes=" + maxBodyBytes
                    + ", maxBulkBytes=" + maxBulkBytes + ", maxBulkLineBytes=" + maxBulkLineBytes
                    + ", credentials=" + credentials + "]";
        }
    }

    private static final String CALLER = "lethe.admin.caller";
    /** The erasure id a call created, for the audit record. */
    private static final String TARGET = "lethe.admin.target";

    private final ErasureRegistry registry;
    private final java.util.function.Predicate<String> requestIds;
    private final Settings settings;
    /** Every credential, with its token as the bytes of "Bearer <token>". */
    private final java.util.List<Credential> credentials = new java.util.ArrayList<>();
    private final java.util.List<byte[]> tokenBytes = new java.util.ArrayList<>();

    private final AdminAudit audit;
    /** model → erasure id → whether the residual-knowledge audit found it still in the weights (empty: not probed). */
    private volatile java.util.function.Function<String, java.util.Map<String, Boolean>> residual = m -> java.util.Map.of();
    /** Models the log and evidence may name ({@link #knownModels(java.util.function.Predicate)}). */
    private volatile java.util.function.Predicate<String> knownModels;
    /** Whether a text names a value some erasure registers (the guard's label check); none: never. */
    private volatile java.util.function.Predicate<String> namesErased = id -> false;

    /**
     * @param audit      where every admin call is recorded (besides the log)
     * @param requestIds whether a caller's X-Request-Id may be taken as given (logged and recorded as it is): the
     *                   client routes' rule, which also refuses an id naming an erased value
     */
    public AdminRoutes(ErasureRegistry registry, Settings settings, AdminAudit audit,
                       java.util.function.Predicate<String> requestIds) {
        this.registry = registry;
        this.knownModels = m -> registry.modelSnapshots().containsKey(m);
        this.settings = settings;
        this.audit = audit;
        this.requestIds = requestIds;
        java.util.List<Credential> all = new java.util.ArrayList<>();
        if (settings.token() != null && !settings.token().isBlank()) {
            all.add(new Credential("admin", settings.token(), java.util.Set.of(Role.ADMIN)));
        }
        all.addAll(settings.credentials());
        for (Credential c : all) {
            if (c.token() == null || c.token().isBlank()) {
                continue;
            }
            credentials.add(c);
            tokenBytes.add(("Bearer " + c.token().trim()).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Which models the admin log and evidence may name when a path gives one (the others show as their length):
     * by default those with a training snapshot; the wiring adds upstreams' and the audit's.
     */
    public AdminRoutes knownModels(java.util.function.Predicate<String> known) {
        this.knownModels = known;
        return this;
    }

    /**
     * Lets a create warn when its id names a value another erasure registers (an e-mail, a full name): the id is
     * written to logs and is the key of every evidence event of the erasure (helper-71). Called once, before serving.
     */
    public AdminRoutes namesErased(java.util.function.Predicate<String> names) {
        this.namesErased = names;
        return this;
    }

    /**
     * Lets the retrain-debt report mark each erasure the residual-knowledge audit probed: {@code known} gives, for a
     * model, the probed erasures' ids and whether the model still produces them. Called once, before serving.
     */
    public AdminRoutes residualKnowledge(java.util.function.Function<String, java.util.Map<String, Boolean>> known) {
        this.residual = known;
        return this;
    }

    /**
     * A route of another package under {@code /admin/v1} with this API's auth and audit: callers with the admin
     * role or one of {@code roles} get through, others get 403; every call is recorded as an admin action. The
     * routes must be registered on the same router after {@link #register(Router)}.
     */
    public io.vertx.core.Handler<RoutingContext> guarded(io.vertx.core.Handler<RoutingContext> route, String action,
                                                         Role... roles) {
        return may(route, action, roles);
    }

    /** Answers an error in OpenAI's shape ({@code {"error": {"message", "type", "param", "code"}}}). */
    public static void sendError(RoutingContext ctx, int status, String type, String param, String code, String message) {
        error(ctx, status, type, param, code, message);
    }

    /** Answers {@code body} as JSON with {@code status}, unless the response already ended. */
    public static void sendJson(RoutingContext ctx, int status, Object body) {
        json(ctx, status, body);
    }

    public void register(Router router) {
        router.route("/admin/v1/*").order(-10).handler(this::authorize);
        // some clients percent-encode the colon
        router.postWithRegex("/admin/v1/erasures(:|%3[aA])bulk").handler(may(this::bulk, "bulk", Role.IMPORTER));
        router.post("/admin/v1/erasures").handler(may(this::create, "create"));
        router.get("/admin/v1/erasures").handler(may(this::list, "list", Role.AUDITOR));
        router.get("/admin/v1/erasures/:id").handler(may(this::get, "read", Role.AUDITOR));
        router.delete("/admin/v1/erasures/:id").handler(may(this::retire, "retire"));
        router.get("/admin/v1/models/:model/erasure-debt").handler(may(this::debt, "read_debt", Role.AUDITOR));
        router.postWithRegex("/admin/v1/passages(:|%3[aA])match").handler(may(this::passagesMatch, "match_passages",
                Role.AUDITOR));
    }

    /**
     * The path's id as logged and audited: an id the registry holds (checked at creation not to repeat its
     * subject's values), else only its length. An operator looking a person up by name would otherwise write
     * that name into the log and the hash-chained evidence, which cannot be cleaned (red team 11). One term
     * look-up in the id field, on the event loop: admin calls are few and the look-up is an in-memory seek.
     */
    private String shownId(String id) {
        return registry.holds(id) ? id : "<no such id, " + id.length() + " chars>";
    }

    /**
     * The path's model as logged and audited: a model the gateway knows (configured, listed
     * by an upstream, audited), else only its length. As with ids, a person's name typed where a model goes would
     * otherwise reach the log and the hash-chained evidence (red team h68 F2). Regex routes hand the parameter
     * over percent-encoded, so its decoded form is tried too.
     */
    private String shownModel(String model) {
        if (knownModels.test(model)) {
            return model;
        }
        if (model.indexOf('%') >= 0) {
            try {
                String decoded = java.net.URLDecoder.decode(model.replace("+", "%2B"), StandardCharsets.UTF_8);
                if (knownModels.test(decoded)) {
                    return decoded;
                }
            } catch (IllegalArgumentException e) {
                // not percent-encoding after all: unknown
            }
        }
        return "<unknown model, " + model.length() + " chars>";
    }

    /**
     * The route for callers with the admin role or one of {@code roles} (403 otherwise), each call logged as
     * an admin action: who (the credential's name), what, which id, from where; never a body or an erased value.
     */
    private io.vertx.core.Handler<RoutingContext> may(io.vertx.core.Handler<RoutingContext> route, String action,
                                                       Role... roles) {
        return ctx -> {
            Credential c = ctx.get(CALLER);
            boolean allowed = c.roles().contains(Role.ADMIN);
            for (Role r : roles) {
                allowed |= c.roles().contains(r);
            }
            String id = ctx.pathParam("id") != null ? shownId(ctx.pathParam("id"))
                    : ctx.pathParam("model") != null ? shownModel(ctx.pathParam("model")) : null;
            String from = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
            LOG.infof("admin action: %s by %s, id %s, from %s: %s", action, c.name(), id == null ? "-" : id,
                    from == null ? "-" : from, allowed ? "allowed" : "refused (role)");
            String rid = ctx.response().headers().get("X-Request-Id");  // set by authorize
            if (allowed) {
                // recorded once answered or once the client went away (the call may have taken effect), with the
                // id a create gave (the handler puts it in TARGET)
                ctx.addEndHandler(v -> audit.record(rid, c.name(), action,
                        ctx.get(TARGET) != null ? ctx.get(TARGET) : id, from, true));
            } else {
                audit.record(rid, c.name(), action, id, from, false);
            }
            if (!allowed) {
                error(ctx, 403, "permission_error", null, "forbidden", "the credential '" + c.name()
                        + "' may not " + action.replace('_', ' ') + ": it needs the admin role"
                        + (roles.length == 0 ? "" : " or " + java.util.Arrays.stream(roles)
                        .map(r -> r.name().toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.joining(" or "))));
                return;
            }
            route.handle(ctx);
        };
    }

    private void authorize(RoutingContext ctx) {
        String rid = requestId(ctx);
        ctx.response().putHeader("X-Request-Id", rid);
        if (credentials.isEmpty()) {
            error(ctx, 503, "service_unavailable", null, "admin_disabled",
                    "the admin API is disabled until a token is configured: set lethe.admin.token (environment LETHE_ADMIN_TOKEN)");
            return;
        }
        String auth = ctx.request().getHeader("Authorization");
        // the scheme is case-insensitive and spaces around the token do not matter (RFC 9110, 11.1), as on /v1
        String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
        byte[] given = token == null ? new byte[0] : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        Credential caller = null;
        for (int i = 0; i < credentials.size(); i++) {
            if (MessageDigest.isEqual(given, tokenBytes.get(i))) {
                caller = credentials.get(i);
            }
        }
        if (ctx.request().headers().getAll("Authorization").size() > 1 || caller == null) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            error(ctx, 401, "authentication_error", null, "invalid_token",
                    auth == null ? "missing Authorization: Bearer <token>" : "wrong admin token");
            return;
        }
        ctx.put(CALLER, caller);
        ctx.next();
    }

    /**
     * The caller's X-Request-Id when it is printable ASCII of at most 200 chars and names nothing registered
     * (it is logged and recorded in admin evidence as given); otherwise a new one.
     */
    private String requestId(RoutingContext ctx) {
        String rid = ctx.request().getHeader("X-Request-Id");
        return rid != null && requestIds.test(rid) ? rid : UUID.randomUUID().toString();
    }

    // ---- handlers ----

    private void create(RoutingContext ctx) {
        Context context = Vertx.currentContext();
        readBody(ctx, settings.maxBodyBytes(), body -> {
            // checked before the erasure itself is enforced: a hit is another erasure's value
            boolean idNames = namesErased.test(bodyId(body));
            registry.create(body).whenComplete((created, err) -> context.runOnContext(v -> {
                    if (err != null) {
                        fail(ctx, err);
                        return;
                    }
                    Erasure e = created.erasure();
                    ctx.put(TARGET, e.id());
                    if (created.isNew()) {
                        ctx.response().putHeader("Location", "/admin/v1/erasures/" + e.id());
                        LOG.infof("erasure created: id=%s request=%s", e.id(), ctx.response().headers().get("X-Request-Id"));
                    }
                    ObjectNode out = ErasureParser.JSON.valueToTree(e);
                    ArrayNode warned = warnings(created.warnings());
                    boolean idWarned = created.warnings().stream().anyMatch(w -> w.field().equals("id"));
                    if (idNames && created.isNew() && !idWarned) {
                        warned.addObject().put("field", "id").put("warning", "the id names a value another erasure "
                                + "registers; an erasure's id is written to logs and keys every evidence event: "
                                + "use an opaque id");
                    }
                    out.set("warnings", warned);
                    json(ctx, created.isNew() ? 201 : 200, out);
                }));
        });
    }

    /** The body's top-level {@code id} when it is a string; "" otherwise (the registry reports what is wrong). */
    private static String bodyId(byte[] body) {
        try {
            com.fasterxml.jackson.databind.JsonNode id = ErasureParser.JSON.readTree(body).get("id");
            return id != null && id.isTextual() ? id.textValue() : "";
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    /** {@code [{"field", "warning"}]}: what was accepted as it is, by field, never with the value. */
    private static ArrayNode warnings(List<ErasureParser.Warning> warnings) {
        ArrayNode a = ErasureParser.JSON.createArrayNode();
        for (ErasureParser.Warning w : warnings) {
            a.addObject().put("field", w.field()).put("warning", w.warning());
        }
        return a;
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        blocking(ctx, () -> registry.get(id), e -> json(ctx, 200, e));
    }

    private void retire(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Context context = Vertx.currentContext();
        registry.retire(id).whenComplete((e, err) -> context.runOnContext(v -> {
            if (err != null) {
                fail(ctx, err);
            } else {
                LOG.infof("erasure retired: id=%s", id);
                json(ctx, 200, e);
            }
        }));
    }

    private void list(RoutingContext ctx) {
        String status = ctx.queryParams().get("status");
        String limitParam = ctx.queryParams().get("limit");
        String cursor = ctx.queryParams().get("cursor");
        int limit;
        try {
            limit = limitParam == null ? 100 : Integer.parseInt(limitParam);
        } catch (NumberFormatException e) {
            error(ctx, 400, "invalid_request_error", "limit", "invalid_value", "limit must be a whole number");
            return;
        }
        blocking(ctx, () -> registry.list(status == null || status.isEmpty() ? null : status, limit, cursor), page -> {
            ObjectNode out = ErasureParser.JSON.createObjectNode();
            out.put("object", "list");
            out.set("data", ErasureParser.JSON.valueToTree(page.data()));
            out.put("next_cursor", page.nextCursor());
            json(ctx, 200, out);
        });
    }

    private void debt(RoutingContext ctx) {
        String model = ctx.pathParam("model");
        // the audit's marks read erasures: off the event loop, with the debt
        java.util.Map<String, Boolean>[] known = new java.util.Map[1];
        blocking(ctx, () -> {
            List<ErasureRegistry.Debt> d = registry.debt(model);
            known[0] = residual.apply(model);
            return d;
        }, items -> {
            ObjectNode out = ErasureParser.JSON.createObjectNode();
            out.put("object", "list");
            out.put("model", model);
            out.put("training_snapshot", String.valueOf(registry.modelSnapshots().get(model)));
            ArrayNode data = out.putArray("data");
            int inWeights = 0;
            int notProduced = 0;
            for (ErasureRegistry.Debt d : items) {
                ObjectNode n = data.addObject();
                n.put("erasure_id", d.id());
                n.put("requested_at", d.requestedAt().toString());
                n.put("leaks_stopped", d.leaksStopped());
                // from the residual-knowledge audit: still in the weights (enforced by the gateway alone), no
                // longer produced when asked directly, or not probed
                Boolean k = known[0].get(d.id());
                n.put("residual_knowledge", k == null ? "not_probed" : k ? "still_in_weights" : "not_produced");
                inWeights += Boolean.TRUE.equals(k) ? 1 : 0;
                notProduced += Boolean.FALSE.equals(k) ? 1 : 0;
            }
            out.put("total", items.size());
            out.put("still_in_weights", inWeights);
            out.put("not_produced", notProduced);
            json(ctx, 200, out);
        });
    }

    /** {@code {"text": "..."}} → the active erasures whose passages the text reproduces (the stage's passage matcher). */
    private void passagesMatch(RoutingContext ctx) {
        readBody(ctx, settings.maxBodyBytes(), body -> {
            String text;
            try {
                var node = ErasureParser.readAdminJson(body);  // a key given twice is refused, as in creates
                if (node == null || !node.path("text").isTextual()) {
                    error(ctx, 400, "invalid_request_error", "text", "invalid_value", "text must be a string");
                    return;
                }
                text = node.path("text").textValue();
            } catch (InvalidErasureException e) {
                error(ctx, 400, "invalid_request_error", e.param(), "invalid_json", e.getMessage());
                return;
            }
            blocking(ctx, () -> registry.erasuresCoveringText(text, 100), ids -> {
                ObjectNode out = ErasureParser.JSON.createObjectNode();
                out.put("object", "list");
                ArrayNode data = out.putArray("data");
                ids.forEach(id -> data.addObject().put("erasure_id", id));
                json(ctx, 200, out);
            });
        });
    }

    /**
     * Streams NDJSON: lines are parsed and staged in batches while the body arrives, never all at once. A line
     * over {@code lethe.admin.max-bulk-line-size} is a rejected line (its number and length; it is never held
     * whole, {@link NdjsonLines}) and the others are stored; only a body over {@code lethe.admin.max-bulk-size}
     * fails the call (413, nothing of it stored).
     */
    private void bulk(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String contentLength = req.getHeader("Content-Length");
        if (contentLength != null && parseLong(contentLength) > settings.maxBulkBytes()) {
            error(ctx, 413, "invalid_request_error", null, "request_too_large", bulkTooLarge());
            return;
        }
        req.pause();
        ErasureRegistry.BulkImport bulk = registry.bulk();
        // lines read and not yet handed to the import: byte[] a line, Long the length of an over-long one
        List<Object> pending = new ArrayList<>(BULK_BATCH);
        NdjsonLines lines = new NdjsonLines(settings.maxBulkLineBytes(), new NdjsonLines.Sink() {
            @Override
            public void line(byte[] bytes) {
                pending.add(bytes);
            }

            @Override
            public void overLong(long bytes) {
                pending.add(bytes);
            }
        });
        long[] received = {0};
        boolean[] failed = {false};
        CompletableFuture<?>[] inFlight = {CompletableFuture.completedFuture(null)};
        Context context = Vertx.currentContext();
        req.handler(chunk -> {
            if (failed[0]) {
                return;
            }
            received[0] += chunk.length();
            if (received[0] > settings.maxBulkBytes()) {
                failed[0] = true;
                bulk.abort();
                error(ctx, 413, "invalid_request_error", null, "request_too_large", bulkTooLarge());
                req.connection().close();
                return;
            }
            lines.feed(chunk);
            if (pending.size() >= BULK_BATCH) {
                // one chunk's lines at most beyond a batch are held while the import catches up
                req.pause();
                inFlight[0] = handOver(bulk, pending, inFlight[0]).whenComplete((v, err) -> context.runOnContext(x -> {
                    if (err != null && !failed[0]) {
                        // never left hanging: the reading stops and the client gets the reason
                        failed[0] = true;
                        bulk.abort();
                        fail(ctx, err);
                    } else if (err == null && !failed[0]) {
                        req.resume();
                    }
                }));
            }
        });
        req.exceptionHandler(err -> {
            if (failed[0]) {
                return;
            }
            failed[0] = true;
            bulk.abort();
            error(ctx, 400, "invalid_request_error", null, "invalid_body", "the request body could not be read");
        });
        req.endHandler(v -> {
            if (failed[0]) {
                return;
            }
            lines.end();
            handOver(bulk, pending, inFlight[0]).thenCompose(x -> bulk.finish())
                    .whenComplete((result, err) -> context.runOnContext(x -> {
                        if (err != null) {
                            fail(ctx, err);
                            return;
                        }
                        ObjectNode out = ErasureParser.JSON.createObjectNode();
                        out.put("accepted", result.accepted());
                        ArrayNode rej = out.putArray("rejected");
                        for (ErasureRegistry.Rejected r : result.rejected()) {
                            ObjectNode n = rej.addObject();
                            n.put("line", r.line());
                            if (r.param() != null) {
                                n.put("param", r.param());
                            }
                            n.put("error", r.error());
                        }
                        out.put("rejected_total", result.rejectedTotal());
                        ArrayNode warned = out.putArray("warnings");
                        for (ErasureRegistry.Warned w : result.warnings()) {
                            warned.addObject().put("line", w.line()).put("field", w.field()).put("warning", w.warning());
                        }
                        out.put("warnings_total", result.warningsTotal());
                        LOG.infof("bulk import: accepted=%d rejected=%d warnings=%d", result.accepted(),
                                result.rejectedTotal(), result.warningsTotal());
                        json(ctx, 200, out);
                    }));
        });
        req.connection().closeHandler(v -> {
            if (!ctx.response().ended()) {
                failed[0] = true;
                bulk.abort();
            }
        });
        req.resume();
    }

    private String bulkTooLarge() {
        return "bulk body larger than " + settings.maxBulkBytes() + " bytes (lethe.admin.max-bulk-size): the whole call "
                + "is refused and none of its lines is stored; split the file into several calls";
    }

    /**
     * Hands the lines read so far to the import, in order, after {@code before}; empties {@code pending}. Runs of
     * lines go as one {@link ErasureRegistry.BulkImport#lines} call, each over-long line as
     * {@link ErasureRegistry.BulkImport#overLong}.
     */
    private CompletableFuture<Void> handOver(ErasureRegistry.BulkImport bulk, List<Object> pending,
                                             CompletableFuture<?> before) {
        CompletableFuture<Void> f = before.thenApply(x -> null);
        List<byte[]> run = new ArrayList<>();
        for (Object item : pending) {
            if (item instanceof byte[] line) {
                run.add(line);
                continue;
            }
            if (!run.isEmpty()) {
                List<byte[]> send = run;
                f = f.thenCompose(x -> bulk.lines(send));
                run = new ArrayList<>();
            }
            long bytes = (Long) item;
            f = f.thenCompose(x -> bulk.overLong(bytes, settings.maxBulkLineBytes()));
        }
        if (!run.isEmpty()) {
            List<byte[]> send = run;
            f = f.thenCompose(x -> bulk.lines(send));
        }
        pending.clear();
        return f;
    }

    // ---- plumbing ----

    private void readBody(RoutingContext ctx, long limit, java.util.function.Consumer<byte[]> then) {
        HttpServerRequest req = ctx.request();
        String cl = req.getHeader("Content-Length");
        if (cl != null && parseLong(cl) > limit) {
            error(ctx, 413, "invalid_request_error", null, "request_too_large",
                    "body larger than " + limit + " bytes (lethe.admin.max-body-size)");
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] over = {false};
        req.handler(chunk -> {
            if (over[0]) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                over[0] = true;
                error(ctx, 413, "invalid_request_error", null, "request_too_large",
                        "body larger than " + limit + " bytes (lethe.admin.max-body-size)");
                return;
            }
            body.appendBuffer(chunk);
        });
        req.endHandler(v -> {
            if (!over[0]) {
                then.accept(body.getBytes());
            }
        });
        req.exceptionHandler(err -> {
            if (!ctx.response().ended()) {
                error(ctx, 400, "invalid_request_error", null, "invalid_body", "the request body could not be read");
            }
        });
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private <T> void blocking(RoutingContext ctx, java.util.concurrent.Callable<T> work, java.util.function.Consumer<T> then) {
        ctx.vertx().<T>executeBlocking(work, false).onComplete(ar -> {
            if (ar.failed()) {
                fail(ctx, ar.cause());
            } else {
                then.accept(ar.result());
            }
        });
    }

    private void fail(RoutingContext ctx, Throwable err) {
        Throwable e = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (e instanceof InvalidErasureException ie) {
            error(ctx, 400, "invalid_request_error", ie.param(), "invalid_value", ie.getMessage());
        } else if (e instanceof ErasureRegistry.NotFoundException nf) {
            error(ctx, 404, "not_found_error", null, "not_found", nf.getMessage());
        } else if (e instanceof ErasureRegistry.ConflictException ce) {
            error(ctx, 409, "conflict_error", "id", "conflict", ce.getMessage());
        } else if (e instanceof ErasureLog.LogUnavailableException lu) {
            // cluster mode: never acknowledged unless the log has it; the caller may retry
            LOG.warnf("admin write refused: the erasure log is unavailable (%s)", lu.getCause() == null ? "" : lu.getCause().toString());
            if (!ctx.response().headWritten()) {
                ctx.response().putHeader("Retry-After", "5");
            }
            error(ctx, 503, "service_unavailable", null, "erasure_log_unavailable", lu.getMessage());
        } else {
            LOG.errorf("admin request failed: %s", e.toString());
            error(ctx, 500, "server_error", null, "internal_error", "internal error; see the gateway log");
        }
    }

    static void error(RoutingContext ctx, int status, String type, String param, String code, String message) {
        HttpServerResponse r = ctx.response();
        if (r.ended() || r.closed()) {
            return;
        }
        ObjectNode err = ErasureParser.JSON.createObjectNode();
        ObjectNode e = err.putObject("error");
        e.put("message", message);
        e.put("type", type);
        e.put("param", param);
        e.put("code", code);
        json(ctx, status, err);
    }

    static void json(RoutingContext ctx, int status, Object body) {
        HttpServerResponse r = ctx.response();
        if (r.ended() || r.closed()) {
            return;
        }
        try {
            r.setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(ErasureParser.JSON.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            r.setStatusCode(500).end();
        }
    }
}
