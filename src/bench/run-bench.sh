#!/usr/bin/env bash
# Gateway overhead benchmark: the same load straight at a fake upstream (BenchUpstream) and through
# the packaged gateway in front of it.
#   1. wrk, small non-streamed chat completions (src/bench/chat.lua), fixed concurrency, --latency
#   2. StreamLoad, many concurrent paced streams: time-to-first-token and inter-chunk gaps
#
# Prerequisite for the gateway half: ./mvnw -q package -DskipTests (target/quarkus-app/quarkus-run.jar).
# Without that jar, or with --direct-only, only the direct half runs (and says so).
# Knobs (environment): PIN=1 (LOAD_CPUS, GATEWAY_CPUS) UPSTREAM_PORT GATEWAY_PORT WRK_THREADS WRK_CONNECTIONS WRK_DURATION
#   STREAM_CONCURRENCY STREAMS CHUNKS DELAY_MS UPSTREAM_EVENT_LOOPS GATEWAY_JAVA_OPTS SKIP_BUILD=1
# Everything it starts is killed on exit; results land in target/bench/.
set -euo pipefail
cd "$(dirname "$0")/../.."

UPSTREAM_PORT=${UPSTREAM_PORT:-18001}
GATEWAY_PORT=${GATEWAY_PORT:-18080}
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-32}
WRK_DURATION=${WRK_DURATION:-20s}
STREAM_CONCURRENCY=${STREAM_CONCURRENCY:-200}
STREAMS=${STREAMS:-600}
CHUNKS=${CHUNKS:-50}
DELAY_MS=${DELAY_MS:-20}
UPSTREAM_EVENT_LOOPS=${UPSTREAM_EVENT_LOOPS:-1}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:-}
# CPU pinning (taskset lists), so the gateway does not steal the load generator's and upstream's CPU:
# PIN=1 puts wrk/StreamLoad/upstream on CPU 0 and the gateway on CPU 1 (both halves use the same CPU 0).
PIN=${PIN:-0}
if [[ $PIN == 1 ]] && command -v taskset >/dev/null; then
  LOAD_PIN="taskset -c ${LOAD_CPUS:-0}"
  GATEWAY_PIN="taskset -c ${GATEWAY_CPUS:-1}"
else
  LOAD_PIN=""
  GATEWAY_PIN=""
fi
OUT=target/bench
JAR=target/quarkus-app/quarkus-run.jar

direct_only=false
for arg in "$@"; do
  case "$arg" in
    --direct-only) direct_only=true ;;
    *) echo "usage: $0 [--direct-only]" >&2; exit 2 ;;
  esac
done
if [[ $direct_only == false && ! -f $JAR ]]; then
  echo "NOTE: $JAR not found (run ./mvnw -q package -DskipTests first); running the direct half only." >&2
  direct_only=true
fi

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    # Bounded wait: a process that ignores TERM gets KILL after 10 s.
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT INT TERM

# Port must answer HTTP 200 on the given URL within the given seconds.
wait_http() {
  local url=$1 secs=$2 pid=$3
  for _ in $(seq 1 $((secs * 4))); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "process $pid exited before $url was ready" >&2
      return 1
    fi
    if [[ $(curl -s -o /dev/null -w '%{http_code}' "$url" || true) == 200 ]]; then
      return 0
    fi
    sleep 0.25
  done
  echo "$url not ready after ${secs}s" >&2
  return 1
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

if ! command -v wrk >/dev/null; then
  echo "wrk not found; installing the Debian package" >&2
  if [[ $(id -u) == 0 ]]; then
    apt-get update -qq && apt-get install -y -qq wrk
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq wrk
  fi
fi

mkdir -p "$OUT"
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  echo "== building test classes and classpath"
  ./mvnw -q -B test-compile
  ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/cp.txt
fi
CP="target/test-classes:target/classes:$(cat target/cp.txt)"

for p in "$UPSTREAM_PORT" "$GATEWAY_PORT"; do
  port_free "$p" || { echo "port $p is in use; set UPSTREAM_PORT / GATEWAY_PORT" >&2; exit 1; }
done

echo "== starting BenchUpstream on :$UPSTREAM_PORT"
$LOAD_PIN java -Xmx512m -cp "$CP" io.lethe.bench.BenchUpstream --port "$UPSTREAM_PORT" \
  --event-loops "$UPSTREAM_EVENT_LOOPS" >"$OUT/upstream.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$UPSTREAM_PORT/v1/models" 30 "${pids[-1]}"

targets=("direct http://127.0.0.1:$UPSTREAM_PORT/v1")
if [[ $direct_only == false ]]; then
  echo "== starting the gateway on :$GATEWAY_PORT (upstream http://127.0.0.1:$UPSTREAM_PORT/v1)"
  # shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS is a list of JVM options
  LETHE_UPSTREAM_URL="http://127.0.0.1:$UPSTREAM_PORT/v1" QUARKUS_HTTP_PORT="$GATEWAY_PORT" \
    LETHE_DATA_DIR="$OUT/gateway-data" LETHE_AUTH_ANONYMOUS=true $GATEWAY_PIN java $GATEWAY_JAVA_OPTS -jar "$JAR" >"$OUT/gateway.log" 2>&1 &
  pids+=($!)
  wait_http "http://127.0.0.1:$GATEWAY_PORT/q/health/ready" 90 "${pids[-1]}" \
    || { tail -30 "$OUT/gateway.log" >&2; exit 1; }
  targets+=("gateway http://127.0.0.1:$GATEWAY_PORT/v1")
fi

echo "== machine: $(nproc) cores; load generators, upstream and gateway share them"
for t in "${targets[@]}"; do
  read -r label url <<<"$t"
  echo "== wrk ($label): -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION non-streamed echo"
  # wrk warms up nothing itself; a short unrecorded run first keeps JIT warm-up out of the figures.
  $LOAD_PIN wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d3s -s src/bench/chat.lua "$url/chat/completions" >/dev/null
  timeout 300 $LOAD_PIN wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WRK_DURATION" --latency -s src/bench/chat.lua \
    "$url/chat/completions" | tee "$OUT/wrk-$label.txt"
done

for t in "${targets[@]}"; do
  read -r label url <<<"$t"
  echo "== StreamLoad ($label): $STREAM_CONCURRENCY concurrent streams, $STREAMS measured, $CHUNKS chunks at ${DELAY_MS} ms"
  timeout 600 $LOAD_PIN java -Xmx512m -cp "$CP" io.lethe.bench.StreamLoad --url "$url" --label "$label" \
    --concurrency "$STREAM_CONCURRENCY" --streams "$STREAMS" --chunks "$CHUNKS" --delay-ms "$DELAY_MS" \
    | tee "$OUT/stream-$label.json"
  if [[ $label == gateway ]]; then
    # The gateway's own per-chunk delay (read → guarded → written), free of the load client's scheduling.
    curl -s "$url/../q/metrics" | grep -E '^lethe_stream_chunk_delay_seconds' | tee "$OUT/gateway-chunk-delay.txt"
  fi
done

echo
echo "== summary (wrk latency in its own units; StreamLoad figures in ms)"
for t in "${targets[@]}"; do
  read -r label _ <<<"$t"
  printf '%-8s wrk: %s | p50 %s | p99 %s | non-2xx: %s\n' "$label" \
    "$(awk '/Requests\/sec/ {print $2 " req/s"}' "$OUT/wrk-$label.txt")" \
    "$(awk '$1=="50%" {print $2}' "$OUT/wrk-$label.txt")" \
    "$(awk '$1=="99%" {print $2}' "$OUT/wrk-$label.txt")" \
    "$(awk '/Non-2xx/ {print $NF}' "$OUT/wrk-$label.txt" | grep . || echo 0)"
  python3 - "$OUT/stream-$label.json" "$label" <<'PY' 2>/dev/null || cat "$OUT/stream-$label.json"
import json, sys
r = json.load(open(sys.argv[1]))
t, g = r["ttft_ms"], r["gap_ms"]
print(f"{sys.argv[2]:<8} streams: {r['streams_completed']} ok, {r['streams_failed']} failed, "
      f"{r['text_mismatches']} text mismatches | ttft p50 {t.get('p50')} p90 {t.get('p90')} p99 {t.get('p99')} "
      f"max {t.get('max')} | gap p50 {g.get('p50')} p90 {g.get('p90')} p99 {g.get('p99')} max {g.get('max')}")
PY
done
