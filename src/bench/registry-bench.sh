#!/usr/bin/env bash
# Registry scale run: bulk-import an NDJSON file into a fresh gateway, restart it, report the bulk time,
# the time to ready after restart and the heap after a full GC.
# usage: src/bench/registry-bench.sh target/bench/people-1m.ndjson [port]
# Prerequisite: ./mvnw -q -DskipTests package. Everything it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
FILE=${1:?usage: $0 file.ndjson [port]}
PORT=${2:-18091}
DATA=target/bench/registry-data
JAR=target/quarkus-app/quarkus-run.jar
LOG=target/bench/registry-gateway.log
[[ -f $JAR ]] || { echo "$JAR missing: run ./mvnw -q -DskipTests package" >&2; exit 1; }
rm -rf "$DATA"; mkdir -p "$(dirname "$LOG")"
pid=""
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null || true; }
trap cleanup EXIT

start() {
  local t0; t0=$(date +%s%N)
  LETHE_ADMIN_TOKEN=bench LETHE_DATA_DIR=$DATA QUARKUS_HTTP_PORT=$PORT \
    LETHE_AUTH_ANONYMOUS=true java -Xmx2g -XX:+UseParallelGC -jar "$JAR" >>"$LOG" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" && break
    kill -0 "$pid" 2>/dev/null || { echo "gateway exited; see $LOG" >&2; exit 1; }
    sleep 0.05
  done
  echo "ready_ms=$(( ($(date +%s%N) - t0) / 1000000 ))"
}
heap() {
  jcmd "$pid" GC.run >/dev/null
  sleep 1
  jcmd "$pid" GC.heap_info | grep -E "ParOldGen|PSYoungGen|used" | head -3
}

echo "== first start (empty registry)"
start
t0=$(date +%s%N)
curl -s --max-time 600 -H 'Authorization: Bearer bench' -H 'Content-Type: application/x-ndjson' \
  --data-binary @"$FILE" "http://127.0.0.1:$PORT/admin/v1/erasures:bulk" | head -c 200; echo
echo "bulk_ms=$(( ($(date +%s%N) - t0) / 1000000 ))"
kill "$pid"; wait "$pid" 2>/dev/null || true
echo "== restart with the imported registry"
start
grep -E "registry ready|snapshot loaded" "$LOG" | tail -2
heap
