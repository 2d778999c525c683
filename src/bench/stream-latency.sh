#!/usr/bin/env bash
# Per-character latency of streamed chat completions (issue 12): a bare Node relay as the floor, the packaged
# gateway with no erasure, with 1,000 and 100,000 people registered, and with / without a topic erasure
# (classifier inline), each against the same paced upstream measured directly in the same run.
#   - CharLatency (src/test/java/io/lethe/bench/CharLatency.java): paced vLLM-shaped upstream (a chunk of
#     1-9 characters every DELAY_MS, seeded) and the load client in one JVM, one clock for send and arrival.
#   - wrk: non-streamed chat completions at WRK_CONNECTIONS connections, upstream answering at once.
# Usage: src/bench/stream-latency.sh            (builds first; SKIP_BUILD=1 to use target/ as it is)
# Knobs: SCENARIOS ("bare baseline people-1k people-100k classifier"; bare: no deny term and no erasure,
#   baseline: the shipped guard-rules/ with its canary deny term and no erasure), STREAMS_50, STREAMS_200, WARMUP_50,
#   WARMUP_200, DURATION_S, DELAY_MS, SEED, PEOPLE_SMALL, PEOPLE_LARGE, WRK_THREADS, WRK_CONNECTIONS,
#   WRK_DURATION, UPSTREAM_PORT, RELAY_PORT, GATEWAY_PORT, GATEWAY_JAVA_OPTS, PIN=1 (LOAD_CPUS, GATEWAY_CPUS).
# Results: target/bench/latency/ (JSON lines per run, wrk output, logs, summary.md). Everything it starts
# is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."

SCENARIOS=${SCENARIOS:-"bare baseline people-1k people-100k classifier"}
UPSTREAM_PORT=${UPSTREAM_PORT:-18101}
RELAY_PORT=${RELAY_PORT:-18102}
GATEWAY_PORT=${GATEWAY_PORT:-18180}
STREAMS_50=${STREAMS_50:-300}
STREAMS_200=${STREAMS_200:-800}
WARMUP_50=${WARMUP_50:-50}
WARMUP_200=${WARMUP_200:-200}
DURATION_S=${DURATION_S:-60}
DELAY_MS=${DELAY_MS:-20}
SEED=${SEED:-12}
PEOPLE_SMALL=${PEOPLE_SMALL:-1000}
PEOPLE_LARGE=${PEOPLE_LARGE:-100000}
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-64}
WRK_DURATION=${WRK_DURATION:-10s}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:-}
TOKEN=bench-admin-token
OUT=target/bench/latency
JAR=target/quarkus-app/quarkus-run.jar
# PIN=1: load client, upstream, relay and wrk on LOAD_CPUS, the gateway on GATEWAY_CPUS.
if [[ ${PIN:-0} == 1 ]]; then
  LOAD_PIN="taskset -c ${LOAD_CPUS:-0}"; GATEWAY_PIN="taskset -c ${GATEWAY_CPUS:-1}"
else
  LOAD_PIN=""; GATEWAY_PIN=""
fi

t_start=$(date +%s)
mkdir -p "$OUT"
pids=()
gateway_pid=""
upstream_pid=""
stop_pid() {
  local pid=$1
  [[ -z $pid ]] && return 0
  kill "$pid" 2>/dev/null || true
  # Bounded wait: a process that ignores TERM gets KILL after 10 s.
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
}
cleanup() {
  stop_pid "$gateway_pid"; stop_pid "$upstream_pid"
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
}
trap cleanup EXIT INT TERM

wait_http() { # url seconds pid
  for _ in $(seq 1 $(($2 * 4))); do
    kill -0 "$3" 2>/dev/null || { echo "process $3 exited before $1 was ready" >&2; return 1; }
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$1" || true) == 200 ]] && return 0
    sleep 0.25
  done
  echo "$1 not ready after $2 s" >&2; return 1
}
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }
command -v node >/dev/null || { echo "node missing" >&2; exit 1; }
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  echo "== building (package, test classes, test classpath)"
  ./mvnw -B -o -q -DskipTests package
  ./mvnw -B -o -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
fi
[[ -f $JAR && -f target/cp.txt && -f target/test-classes/io/lethe/bench/CharLatency.class ]] \
  || { echo "build outputs missing: run without SKIP_BUILD=1" >&2; exit 1; }
CP="target/test-classes:target/classes:$(cat target/cp.txt)"
for p in "$UPSTREAM_PORT" "$RELAY_PORT" "$GATEWAY_PORT"; do
  port_free "$p" || { echo "port $p is in use; set UPSTREAM_PORT / RELAY_PORT / GATEWAY_PORT" >&2; exit 1; }
done

DIRECT="http://127.0.0.1:$UPSTREAM_PORT/v1"
RELAY="http://127.0.0.1:$RELAY_PORT/v1"
GATEWAY="http://127.0.0.1:$GATEWAY_PORT/v1"

people_file() { # n -> path (generated once, kept between runs)
  local f="$OUT/people-$1.ndjson"
  if [[ ! -s $f ]]; then
    java -Xmx1g -cp "$CP" io.lethe.bench.PersonDataset "$1" "$f" >&2
  fi
  echo "$f"
}

start_gateway() { # scenario [rules dir]: fresh data dir each time, so registries never carry over
  local name=$1 rules=${2:-./guard-rules}
  rm -rf "$OUT/data-$name"
  # shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS is a list of JVM options
  LETHE_UPSTREAM_URL="$DIRECT" QUARKUS_HTTP_PORT="$GATEWAY_PORT" LETHE_DATA_DIR="$OUT/data-$name" \
    LETHE_RULES_DIR="$rules" LETHE_ADMIN_TOKEN=$TOKEN LETHE_AUTH_ANONYMOUS=true $GATEWAY_PIN java $GATEWAY_JAVA_OPTS -jar "$JAR" >"$OUT/gateway-$name.log" 2>&1 &
  gateway_pid=$!
  wait_http "http://127.0.0.1:$GATEWAY_PORT/q/health/ready" 120 "$gateway_pid" \
    || { tail -30 "$OUT/gateway-$name.log" >&2; exit 1; }
}
stop_gateway() { stop_pid "$gateway_pid"; gateway_pid=""; }

bulk() { # scenario n
  local f t0; f=$(people_file "$2"); t0=$(date +%s%N)
  curl -s --max-time 900 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/x-ndjson' \
    --data-binary @"$f" "http://127.0.0.1:$GATEWAY_PORT/admin/v1/erasures:bulk" >"$OUT/bulk-$1.json"
  echo "   bulk import of $2 people: $(( ($(date +%s%N) - t0) / 1000000 )) ms, answer: $(head -c 120 "$OUT/bulk-$1.json")"
}

measure() { # run-name concurrency targets(label=url,...)
  local streams=$STREAMS_50 warm=$WARMUP_50
  if [[ $2 -ge 200 ]]; then streams=$STREAMS_200; warm=$WARMUP_200; fi
  echo "== CharLatency $1: $2 concurrent streams, $streams measured per target after $warm warm-up ($3)"
  timeout 900 $LOAD_PIN java -Xmx1g -cp "$CP" io.lethe.bench.CharLatency --upstream-port "$UPSTREAM_PORT" \
    --targets "$3" --concurrency "$2" --streams "$streams" --warmup "$warm" --duration-s "$DURATION_S" \
    --delay-ms "$DELAY_MS" --seed "$SEED" >"$OUT/$1.jsonl" 2>"$OUT/$1.err"
  python3 - "$OUT/$1.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line); c = r["per_char_ms"]; t = r["ttft_ms"]; a = r.get("added_ms", {}).get("per_char", {})
    print(f"   {r['label']:<8} ok {r['streams_ok']} failed {r['streams_failed']} mismatches {r['text_mismatches']} | "
          f"per char p50 {c.get('p50')} p99 {c.get('p99')} p99.9 {c.get('p99_9')} ms | ttft p50 {t.get('p50')} ms"
          + (f" | added p50 {a.get('p50')} p99 {a.get('p99')}" if a else ""))
PY
}

upstream_serve() { # for wrk: the same upstream, non-streamed answers at once
  $LOAD_PIN java -Xmx512m -cp "$CP" io.lethe.bench.CharLatency --mode serve --upstream-port "$UPSTREAM_PORT" \
    --seed "$SEED" >"$OUT/upstream-serve.log" 2>&1 &
  upstream_pid=$!
  wait_http "$DIRECT/models" 60 "$upstream_pid"
}
upstream_stop() { stop_pid "$upstream_pid"; upstream_pid=""; }

cpu_ticks() { # pid -> user + system CPU time in clock ticks (0 when no such process)
  [[ -n $1 && -r /proc/$1/stat ]] && awk '{print $14 + $15}' "/proc/$1/stat" || echo 0
}

wrk_run() { # scenario label url [proxy pid]
  echo "== wrk $1/$2: -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION non-streamed"
  # An unrecorded 3 s first: connections and JIT warm-up stay out of the figures.
  $LOAD_PIN wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d3s -s src/bench/chat.lua "$3/chat/completions" >/dev/null
  # CPU time the proxy and the upstream spend over the measured run, per request: what each costs a core,
  # which shared cores cannot show as throughput.
  local up0 px0 up1 px1
  up0=$(cpu_ticks "$upstream_pid"); px0=$(cpu_ticks "${4:-}")
  timeout 300 $LOAD_PIN wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WRK_DURATION" --latency -s src/bench/chat.lua \
    "$3/chat/completions" >"$OUT/wrk-$1-$2.txt"
  up1=$(cpu_ticks "$upstream_pid"); px1=$(cpu_ticks "${4:-}")
  echo "cpu_ticks upstream $((up1 - up0)) proxy $((px1 - px0)) hz $(getconf CLK_TCK)" >>"$OUT/wrk-$1-$2.txt"
  echo "   $(grep -E 'Requests/sec' "$OUT/wrk-$1-$2.txt") | p50 $(awk '$1=="50%" {print $2}' "$OUT/wrk-$1-$2.txt")" \
    "| p99 $(awk '$1=="99%" {print $2}' "$OUT/wrk-$1-$2.txt") | $(grep -E 'Non-2xx|without a chat' "$OUT/wrk-$1-$2.txt" | tr '\n' ' ')"
}

echo "== machine: $(nproc) cores; client, upstream, relay and gateway share them (PIN=${PIN:-0})"
$LOAD_PIN node src/bench/relay.js "$RELAY_PORT" "127.0.0.1:$UPSTREAM_PORT" >"$OUT/relay.log" 2>&1 &
relay_pid=$!
pids+=($relay_pid)
rm -f "$OUT"/*.jsonl "$OUT"/wrk-*.txt "$OUT"/metrics-*.txt "$OUT"/bulk-*.json

for scenario in $SCENARIOS; do
  echo "######## $scenario"
  case $scenario in
    bare)
      mkdir -p "$OUT/no-rules"
      start_gateway bare "$OUT/no-rules"
      measure bare-c50 50 "direct=$DIRECT,relay=$RELAY,gateway=$GATEWAY"
      measure bare-c200 200 "direct=$DIRECT,gateway=$GATEWAY"
      upstream_serve
      wrk_run bare direct "$DIRECT"; wrk_run bare gateway "$GATEWAY" "$gateway_pid"
      upstream_stop; stop_gateway ;;
    baseline)
      start_gateway baseline
      measure baseline-c50 50 "direct=$DIRECT,relay=$RELAY,gateway=$GATEWAY"
      measure baseline-c200 200 "direct=$DIRECT,gateway=$GATEWAY"
      upstream_serve
      wrk_run baseline direct "$DIRECT"; wrk_run baseline relay "$RELAY" "$relay_pid"; wrk_run baseline gateway "$GATEWAY" "$gateway_pid"
      upstream_stop; stop_gateway ;;
    people-1k)
      start_gateway people-1k
      bulk people-1k "$PEOPLE_SMALL"
      measure people-1k-c50 50 "direct=$DIRECT,gateway=$GATEWAY"
      measure people-1k-c200 200 "direct=$DIRECT,gateway=$GATEWAY"
      # The gateway's own view of its per-chunk delay, over both runs above.
      curl -s "http://127.0.0.1:$GATEWAY_PORT/q/metrics" | grep -E '^lethe_stream' >"$OUT/metrics-people-1k.txt" || true
      upstream_serve
      wrk_run people-1k direct "$DIRECT"; wrk_run people-1k gateway "$GATEWAY" "$gateway_pid"
      upstream_stop; stop_gateway ;;
    people-100k)
      start_gateway people-100k
      bulk people-100k "$PEOPLE_LARGE"
      measure people-100k-c50 50 "direct=$DIRECT,gateway=$GATEWAY"
      upstream_serve
      wrk_run people-100k direct "$DIRECT"; wrk_run people-100k gateway "$GATEWAY" "$gateway_pid"
      upstream_stop; stop_gateway ;;
    classifier)
      start_gateway classifier
      measure classifier-without-c50 50 "direct=$DIRECT,gateway=$GATEWAY"
      upstream_serve
      wrk_run classifier direct "$DIRECT"; wrk_run classifier without "$GATEWAY" "$gateway_pid"
      upstream_stop
      # The topic of classifier-gateway-bench.sh: unrelated to the prose, so every sentence is scored and passes.
      curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
        -d '{"topics":["The harbour vault of Quenby Hollow is opened with the copper key under the lighthouse stairs."]}' \
        "http://127.0.0.1:$GATEWAY_PORT/admin/v1/erasures" >"$OUT/bulk-classifier.json"
      measure classifier-with-c50 50 "direct=$DIRECT,gateway=$GATEWAY"
      upstream_serve
      wrk_run classifier with "$GATEWAY" "$gateway_pid"
      upstream_stop
      curl -s "http://127.0.0.1:$GATEWAY_PORT/q/metrics" | grep -E '^lethe_(stream|classifier_(sentences|batches|failures))' \
        >"$OUT/metrics-classifier.txt" || true
      stop_gateway ;;
    *) echo "unknown scenario $scenario" >&2; exit 2 ;;
  esac
done

wall=$(( $(date +%s) - t_start ))
python3 - "$OUT" "$wall" <<'PY' | tee "$OUT/summary.md"
import json, os, re, sys
out, wall = sys.argv[1], sys.argv[2]

def runs(name):
    p = os.path.join(out, name + ".jsonl")
    return {json.loads(l)["label"]: json.loads(l) for l in open(p)} if os.path.exists(p) else {}

def rps(s, label):
    p = os.path.join(out, f"wrk-{s}-{label}.txt")
    if not os.path.exists(p):
        return None
    txt = open(p).read()
    m = re.search(r"Requests/sec:\s+([\d.]+)", txt)
    if not m:
        return None
    # Only answers that are chat completions count: an error answered fast is not throughput.
    total = re.search(r"(\d+) requests in", txt)
    bad = sum(int(x) for x in re.findall(r"(?:Non-2xx or 3xx responses|without a chat.completion body):\s+(\d+)", txt))
    return float(m.group(1)) * (1 - bad / int(total.group(1))) if total and int(total.group(1)) else float(m.group(1))

def added(name, label, key, pcts):
    r = runs(name).get(label)
    if not r or "added_ms" not in r:
        return None
    a = r["added_ms"][key]
    return " / ".join(f"{a[p]:+.2f}" if p in a else "—" for p in pcts)

def cell(parts):
    parts = [f"{c}: {v} ms" for c, v in parts if v is not None]
    return "; ".join(parts) if parts else "—"

def tput(s, label, direct="direct"):
    g, d = rps(s, label), rps(s, direct)
    if g is None or d is None:
        return "—"
    return f"{g:,.0f} req/s = {100 * g / d:.0f} % of direct ({d:,.0f})"

rows = [
    ("a bare pass-through relay (Node, 50 streams)", [("50", "baseline-c50", "relay")], ("baseline", "relay")),
    ("Lethe, nothing registered: no deny term, no erasure (50 and 200 streams)",
     [("50", "bare-c50", "gateway"), ("200", "bare-c200", "gateway")], ("bare", "gateway")),
    ("Lethe, no erasure registered, the shipped canary deny term (50 and 200 streams)",
     [("50", "baseline-c50", "gateway"), ("200", "baseline-c200", "gateway")], ("baseline", "gateway")),
    ("Lethe, 1,000 people registered (50 / 200 streams)",
     [("50", "people-1k-c50", "gateway"), ("200", "people-1k-c200", "gateway")], ("people-1k", "gateway")),
    ("Lethe, 100,000 people registered (50 streams)", [("50", "people-100k-c50", "gateway")], ("people-100k", "gateway")),
]
print(f"## Per-character latency, streamed (paced upstream, chunks of 1-9 characters every 20 ms); full run {wall} s\n")
print("| | added per character p50 / p99 | added time to first character p50 | non-streamed throughput vs direct |")
print("|---|---|---|---|")
for title, parts, (s, l) in rows:
    print(f"| {title} | {cell([(c, added(n, lb, 'per_char', ['p50', 'p99'])) for c, n, lb in parts])} | "
          f"{cell([(c, added(n, lb, 'ttft', ['p50'])) for c, n, lb in parts])} | {tput(s, l)} |")
print(f"| Lethe, classifier with a topic erasure / without (50 streams) | "
      f"with: {added('classifier-with-c50', 'gateway', 'per_char', ['p50', 'p99']) or '—'} ms; "
      f"without: {added('classifier-without-c50', 'gateway', 'per_char', ['p50', 'p99']) or '—'} ms | "
      f"with: {added('classifier-with-c50', 'gateway', 'ttft', ['p50']) or '—'} ms; "
      f"without: {added('classifier-without-c50', 'gateway', 'ttft', ['p50']) or '—'} ms | "
      f"with: {tput('classifier', 'with')}; without: {tput('classifier', 'without')} |")

print("\n### Every target, absolute figures (ms)\n")
print("| run | target | streams ok / failed / text mismatches | per char p50 | p90 | p99 | p99.9 | max "
      "| TTFT from upstream p50 / p99 | TTFT from request p50 / p99 | deltas per stream |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
names = sorted(f[:-6] for f in os.listdir(out) if f.endswith(".jsonl"))
for n in names:
    for label, r in runs(n).items():
        c, t, q = r["per_char_ms"], r["ttft_ms"], r["ttft_from_request_ms"]
        print(f"| {n} | {label} | {r['streams_ok']} / {r['streams_failed']} / {r['text_mismatches']} | {c.get('p50')} "
              f"| {c.get('p90')} | {c.get('p99')} | {c.get('p99_9')} | {c.get('max')} | {t.get('p50')} / {t.get('p99')} "
              f"| {q.get('p50')} / {q.get('p99')} | {r['deltas_per_stream']} |")

print("\n### wrk, non-streamed, upstream answering at once\n")
print("CPU per request: user + system time of the process over the measured run (from /proc, 10 ms ticks), divided")
print("by the requests answered. A proxy given its own cores keeps up with the upstream while its CPU per request")
print("is below the upstream's per core it has; on these shared cores throughput cannot show that.\n")
print("| scenario | target | req/s | p50 | p99 | non-2xx / bad bodies | proxy CPU µs/request | upstream CPU µs/request |")
print("|---|---|---|---|---|---|---|---|")
for f in sorted(os.listdir(out)):
    m = re.match(r"wrk-(.+)-([a-z]+)\.txt$", f)
    if not m:
        continue
    txt = open(os.path.join(out, f)).read()
    g = lambda rx, d="—": (re.search(rx, txt, re.M).group(1) if re.search(rx, txt, re.M) else d)
    cols = [g(r"Requests/sec:\s+([\d.]+)"), g(r"^\s+50%\s+(\S+)"), g(r"^\s+99%\s+(\S+)"),
            g(r"Non-2xx or 3xx responses:\s+(\d+)", "0"), g(r"without a chat.completion body:\s+(\d+)")]
    cpu = re.search(r"cpu_ticks upstream (\d+) proxy (\d+) hz (\d+)", txt)
    total = re.search(r"(\d+) requests in", txt)
    per = lambda t: f"{int(t) * 1e6 / int(cpu.group(3)) / int(total.group(1)):.0f}" if cpu and total and int(total.group(1)) else "—"
    px = per(cpu.group(2)) if cpu and m.group(2) != "direct" else "—"
    print(f"| {m.group(1)} | {m.group(2)} | {cols[0]} | {cols[1]} | {cols[2]} | {cols[3]} / {cols[4]} | {px} | "
          f"{per(cpu.group(1)) if cpu else '—'} |")

for n in names:
    for label, r in runs(n).items():
        if r["text_mismatches"] or r["errors"]:
            print(f"\n{n}/{label}: {r['text_mismatches']} mismatches, errors {json.dumps(r['errors'])}")
            for s in r["mismatch_samples"][:3]:
                print(f"  - {json.dumps(s)}")
PY
echo "== done in $(( $(date +%s) - t_start )) s; results in $OUT"
