#!/usr/bin/env bash
# The classifier's cost through the whole gateway: paced streams of prose (StreamLoad --text sentences)
# through the packaged gateway, first with no topic erasure (the classifier stage is not in the pipeline),
# then with one (every sentence is held until the shipped model has scored it: inline mode).
# Prerequisite: ./mvnw -q package -DskipTests. Knobs: CONCURRENCY STREAMS CHUNKS DELAY_MS PIN=1.
set -euo pipefail
cd "$(dirname "$0")/../.."
UPSTREAM_PORT=${UPSTREAM_PORT:-18001}
GATEWAY_PORT=${GATEWAY_PORT:-18080}
CONCURRENCY=${CONCURRENCY:-64}
STREAMS=${STREAMS:-256}
CHUNKS=${CHUNKS:-75}
DELAY_MS=${DELAY_MS:-20}
OUT=target/bench/classifier
TOKEN=bench-admin-token
mkdir -p "$OUT"
rm -rf "$OUT/gateway-data"
if [[ ${PIN:-0} == 1 ]]; then LOAD_PIN="taskset -c 0"; GATEWAY_PIN="taskset -c 1"; else LOAD_PIN=""; GATEWAY_PIN=""; fi
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
wait_http() {
  for _ in $(seq 1 360); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$1" || true) == 200 ]] && return 0
    sleep 0.25
  done
  echo "$1 not ready" >&2; return 1
}
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat target/cp.txt)"
$LOAD_PIN java -Xmx512m -cp "$CP" io.lethe.bench.BenchUpstream --port "$UPSTREAM_PORT" >"$OUT/upstream.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$UPSTREAM_PORT/v1/models"
LETHE_UPSTREAM_URL="http://127.0.0.1:$UPSTREAM_PORT/v1" QUARKUS_HTTP_PORT="$GATEWAY_PORT" LETHE_ADMIN_TOKEN=$TOKEN \
  LETHE_DATA_DIR="$OUT/gateway-data" LETHE_AUTH_ANONYMOUS=true $GATEWAY_PIN java -jar target/quarkus-app/quarkus-run.jar >"$OUT/gateway.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$GATEWAY_PORT/q/health/ready"
run() {
  timeout 600 $LOAD_PIN java -Xmx512m -cp "$CP" io.lethe.bench.StreamLoad --url "http://127.0.0.1:$GATEWAY_PORT/v1" \
    --label "$1" --text sentences --concurrency "$CONCURRENCY" --streams "$STREAMS" --chunks "$CHUNKS" \
    --delay-ms "$DELAY_MS" | tee "$OUT/stream-$1.json"
}
echo "== $CONCURRENCY concurrent streams of $CHUNKS chunks every ${DELAY_MS} ms, no topic erasure"
run without-topics
curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"topics":["The harbour vault of Quenby Hollow is opened with the copper key under the lighthouse stairs."]}' \
  "http://127.0.0.1:$GATEWAY_PORT/admin/v1/erasures" >/dev/null
echo "== the same with one topic erasure (classifier inline)"
run with-topics
curl -s "http://127.0.0.1:$GATEWAY_PORT/q/metrics" | grep -E '^lethe_classifier_(sentences|batches|failures)' | tee "$OUT/classifier-metrics.txt"
