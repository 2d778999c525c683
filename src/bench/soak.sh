#!/usr/bin/env bash
# Soak run (issue 14, item 6): CONCURRENCY paced streams kept in flight through the packaged gateway for
# DURATION_S seconds, with the shipped rules and PEOPLE people registered, every client with a key; the
# gateway's resident memory, heap in use and old-generation live data are sampled every SAMPLE_S seconds.
# "Flat" means the live data after collections does not grow over the run.
#
#   ./mvnw -B -o -q -DskipTests package && ./mvnw -B -o -q dependency:build-classpath \
#       -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test && src/bench/soak.sh
#
# Knobs: CONCURRENCY (500) DURATION_S (600) PEOPLE (1000) CHUNKS (250) DELAY_MS (20) SAMPLE_S (30)
#        GATEWAY_JAVA_OPTS (-Xmx1g). Bounded: everything started is killed on exit. Results: target/bench/soak/.
set -euo pipefail
cd "$(dirname "$0")/../.."
CONCURRENCY=${CONCURRENCY:-500}
DURATION_S=${DURATION_S:-600}
PEOPLE=${PEOPLE:-1000}
CHUNKS=${CHUNKS:-250}
DELAY_MS=${DELAY_MS:-20}
SAMPLE_S=${SAMPLE_S:-30}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--Xmx1g}
UPSTREAM_PORT=${UPSTREAM_PORT:-18301}
GATEWAY_PORT=${GATEWAY_PORT:-18380}
OUT=target/bench/soak
JAR=target/quarkus-app/quarkus-run.jar
TOKEN=soak-admin
KEY=soak-key
[[ -f $JAR && -f target/cp.txt ]] || { echo "build first (see the header)" >&2; exit 1; }
rm -rf "$OUT"; mkdir -p "$OUT"
CP="target/test-classes:target/classes:$(cat target/cp.txt)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
wait_http() { for _ in $(seq 1 "$2"); do curl -sf -o /dev/null "$1" && return 0; sleep 1; done; echo "no answer from $1" >&2; return 1; }

java -Xmx512m -cp "$CP" io.lethe.bench.BenchUpstream --port "$UPSTREAM_PORT" --event-loops 1 >"$OUT/upstream.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$UPSTREAM_PORT/v1/models" 30
# shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS is a list of JVM options
LETHE_UPSTREAM_URL="http://127.0.0.1:$UPSTREAM_PORT/v1" QUARKUS_HTTP_PORT="$GATEWAY_PORT" LETHE_DATA_DIR="$OUT/data" \
  LETHE_ADMIN_TOKEN=$TOKEN LETHE_TENANTS_SOAK_API_KEYS=$KEY java $GATEWAY_JAVA_OPTS -jar "$JAR" >"$OUT/gateway.log" 2>&1 &
gw=$!; pids+=($gw)
wait_http "http://127.0.0.1:$GATEWAY_PORT/q/health/ready" 120
java -Xmx1g -cp "$CP" io.lethe.bench.PersonDataset "$PEOPLE" "$OUT/people.ndjson" >/dev/null
curl -s --max-time 600 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/x-ndjson' \
  --data-binary @"$OUT/people.ndjson" "http://127.0.0.1:$GATEWAY_PORT/admin/v1/erasures:bulk" >"$OUT/bulk.json"
echo "== $PEOPLE people registered: $(head -c 100 "$OUT/bulk.json")"

sample() { # elapsed-seconds
  curl -s "http://127.0.0.1:$GATEWAY_PORT/q/metrics" >"$OUT/metrics.txt"
  python3 - "$1" "$(ps -o rss= -p "$gw" | tr -d ' ')" "$OUT/metrics.txt" <<'PY'
import sys
t, rss, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lines = open(path).read().splitlines()
def total(name, where=""):
    return sum(float(l.rsplit(" ", 1)[1]) for l in lines
               if (l.startswith(name + "{") or l.startswith(name + " ")) and where in l)
heap = total("jvm_memory_used_bytes", 'area="heap"') / 2**20
live = total("jvm_gc_live_data_size_bytes") / 2**20
print("%s\t%.0f\t%.0f\t%.0f" % (t, rss / 1024, heap, live))
PY
}
printf 'elapsed_s\trss_mb\theap_used_mb\told_gen_live_mb\n' | tee "$OUT/memory.tsv"
sample 0 | tee -a "$OUT/memory.tsv"
timeout $((DURATION_S + 300)) java -Xmx1g -cp "$CP" io.lethe.bench.StreamLoad --url "http://127.0.0.1:$GATEWAY_PORT/v1" \
  --label soak --concurrency "$CONCURRENCY" --streams 100000000 --chunks "$CHUNKS" --delay-ms "$DELAY_MS" \
  --duration-s "$DURATION_S" --warmup "$CONCURRENCY" --api-key "$KEY" >"$OUT/streams.json" 2>"$OUT/streams.err" &
load=$!; pids+=($load)
start=$(date +%s)
while kill -0 "$load" 2>/dev/null; do
  sleep "$SAMPLE_S"
  sample $(( $(date +%s) - start )) | tee -a "$OUT/memory.tsv"
done
echo "== streams: $(cat "$OUT/streams.json")"
