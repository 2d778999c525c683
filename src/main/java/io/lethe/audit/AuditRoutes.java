package io.lethe.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.erasure.AdminRoutes;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The audit's admin routes (see {@code META-INF/openapi.yaml}), behind the admin API's auth and audit trail:
 * <ul>
 *   <li>{@code POST /admin/v1/models/{model}/residual-knowledge:run} → 202 (role admin);</li>
 *   <li>{@code GET /admin/v1/models/{model}/residual-knowledge} → the report (admin or auditor);</li>
 *   <li>{@code GET /admin/v1/residual-knowledge:compare?before=&after=} → two models side by side (admin or
 *       auditor).</li>
 * </ul>
 * A model whose audit is off is a 400 naming {@code model} (or {@code before}/{@code after}) and the key that
 * turns it on. Reports are built on a worker thread. Never an answer's or a probe's text.
 */
public final class AuditRoutes {

    private final ResidualAudit audit;
    private final AdminRoutes admin;

    public AuditRoutes(ResidualAudit audit, AdminRoutes admin) {
        this.audit = audit;
        this.admin = admin;
    }

    /** Mounts the routes; call after {@link AdminRoutes#register(Router)} on the same router. */
    public void register(Router router) {
        // model names may hold '/' (org/model); some clients percent-encode the colon
        router.postWithRegex("/admin/v1/models/(?<model>.+)/residual-knowledge(:|%3[aA])run")
                .handler(admin.guarded(this::run, "run_residual_knowledge"));
        router.getWithRegex("/admin/v1/models/(?<model>.+)/residual-knowledge")
                .handler(admin.guarded(this::report, "read_residual_knowledge", AdminRoutes.Role.AUDITOR));
        router.getWithRegex("/admin/v1/residual-knowledge(:|%3[aA])compare")
                .handler(admin.guarded(this::compare, "compare_residual_knowledge", AdminRoutes.Role.AUDITOR));
    }

    private static String model(RoutingContext ctx) {
        String m = ctx.pathParam("model");
        return m == null ? null : URLDecoder.decode(m.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private void run(RoutingContext ctx) {
        String model = model(ctx);
        if (!audit.enabled(model)) {
            disabled(ctx, "model");
            return;
        }
        audit.requestRun(model);
        ObjectNode out = AuditStore.JSON.createObjectNode();
        out.put("object", "residual_knowledge.run");
        out.put("model", model);
        out.put("status", "accepted");
        out.put("report", reportPath(model));
        AdminRoutes.sendJson(ctx, 202, out);
    }

    /** The report's path for {@code model}: the name percent-encoded as one path segment ('/' too). */
    static String reportPath(String model) {
        return "/admin/v1/models/" + java.net.URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20")
                + "/residual-knowledge";
    }

    private void report(RoutingContext ctx) {
        String model = model(ctx);
        if (!audit.enabled(model)) {
            disabled(ctx, "model");
            return;
        }
        blocking(ctx, () -> audit.report(model), r -> AdminRoutes.sendJson(ctx, 200, json(r)));
    }

    private void compare(RoutingContext ctx) {
        String before = ctx.queryParams().get("before");
        String after = ctx.queryParams().get("after");
        for (String[] p : new String[][]{{"before", before}, {"after", after}}) {
            if (p[1] == null || p[1].isBlank()) {
                AdminRoutes.sendError(ctx, 400, "invalid_request_error", p[0], "missing_parameter",
                        "query parameter '" + p[0] + "' must name a model");
                return;
            }
            if (!audit.enabled(p[1])) {
                disabled(ctx, p[0]);
                return;
            }
        }
        blocking(ctx, () -> audit.compare(before, after), c -> {
            ObjectNode out = AuditStore.JSON.createObjectNode();
            out.put("object", "residual_knowledge.comparison");
            out.put("before", c.before());
            out.put("after", c.after());
            out.put("removed", c.removed());
            out.put("remaining", c.remaining());
            out.put("new", c.added());
            ArrayNode rows = out.putArray("erasures");
            for (ResidualAudit.Comparison.Row r : c.erasures()) {
                ObjectNode n = rows.addObject();
                n.put("erasure_id", r.erasureId());
                putNullable(n, "known_before", r.knownBefore());
                putNullable(n, "known_after", r.knownAfter());
            }
            AdminRoutes.sendJson(ctx, 200, out);
        });
    }

    private static void putNullable(ObjectNode n, String field, Boolean v) {
        if (v == null) {
            n.putNull(field);
        } else {
            n.put(field, v);
        }
    }

    /** A 400 naming the parameter, never the model it held (the caller's text: it could name a person). */
    private static void disabled(RoutingContext ctx, String param) {
        AdminRoutes.sendError(ctx, 400, "invalid_request_error", param, "audit_disabled",
                new ResidualAudit.NotEnabledException("model".equals(param) ? "the path" : "'" + param + "'")
                        .getMessage());
    }

    /** The report as the API answers it: the contract's fields, then extras (interval, details, budget). */
    static ObjectNode json(ResidualAudit.Report r) {
        ObjectNode out = AuditStore.JSON.createObjectNode();
        out.put("object", "residual_knowledge.report");
        out.put("model", r.model());
        out.put("probed", r.probed());
        out.put("known", r.known());
        ObjectNode kinds = out.putObject("by_kind");
        r.byKind().forEach((k, c) -> kinds.putObject(k).put("probed", c.probed()).put("known", c.known()));
        ArrayNode list = out.putArray("erasures");
        for (ResidualAudit.ErasureReport e : r.erasures()) {
            ObjectNode n = list.addObject();
            n.put("erasure_id", e.erasureId());
            n.put("known", e.known());
            n.put("last_probe_at", e.lastProbeAt() == null ? null : e.lastProbeAt().toString());
            n.put("complete", e.complete());
            n.put("kind", e.kind());
            n.put("template_id", e.templateId());
            n.put("detector", e.detector());
            n.put("score", e.score());
            n.put("parts_unprobed", e.partsUnprobed());
            ArrayNode probes = n.putArray("probes");
            for (ProbeResult p : e.probes()) {
                ObjectNode x = probes.addObject();
                x.put("kind", p.kind());
                x.put("probe", p.probe());
                x.put("template_id", p.templateId());
                x.put("language", p.language());
                x.put("known", p.known());
                x.put("detector", p.detector());
                x.put("score", p.score());
                x.put("match_hash", p.matchHash());
                x.put("at", p.at().toString());
            }
        }
        out.put("complete", r.complete());
        out.put("training_snapshot", r.snapshot());
        out.put("known_share", r.knownShare());
        ObjectNode ci = out.putObject("known_share_ci95");
        ci.put("method", "wilson");
        ci.put("low", r.knownShareCi95()[0]);
        ci.put("high", r.knownShareCi95()[1]);
        out.put("planned_probes", r.plannedProbes());
        out.put("pending_probes", r.pendingProbes());
        out.put("parts_unprobed", r.partsUnprobed());
        out.put("last_run_at", r.lastRunAt() == null ? null : r.lastRunAt().toString());
        out.put("probes_sent", r.probesSent());
        out.put("budget_refusals", r.budgetRefusals());
        return out;
    }

    private static <T> void blocking(RoutingContext ctx, Callable<T> work, Consumer<T> then) {
        ctx.vertx().<T>executeBlocking(work, false).onComplete(ar -> {
            if (ar.failed()) {
                AdminRoutes.sendError(ctx, 500, "server_error", null, "internal_error",
                        "internal error; see the gateway log");
            } else {
                then.accept(ar.result());
            }
        });
    }
}
