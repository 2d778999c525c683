#!/usr/bin/env bash
# Cluster mode, side by side in one run: a bulk import into a single-node gateway, then the same file into
# replica A of a cluster (one local KRaft broker, deploy/kafka-local.sh): time until the answer; then replica B
# starts and reads the whole log (time to ready); then propagation of single creates from A to B (create
# answered on A -> first scan on B that finds it).
# usage: src/bench/cluster-bench.sh target/bench/people-1m.ndjson [creates]
# Prerequisite: ./mvnw -q -DskipTests package. Everything it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
FILE=${1:?usage: $0 file.ndjson [creates]}
CREATES=${2:-200}
JAR=target/quarkus-app/quarkus-run.jar
OUT=target/bench/cluster
[[ -f $JAR ]] || { echo "$JAR missing: run ./mvnw -q -DskipTests package" >&2; exit 1; }
rm -rf "$OUT"; mkdir -p "$OUT"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
KPORT=19192
last_id=$(tail -n 1 "$FILE" | sed -E 's/.*"id":"([^"]+)".*/\1/')
last_name=$(tail -n 1 "$FILE" | sed -E 's/.*"emails":\["([^"]+)".*/\1/')

gateway() { # name port [kafka]
  local env=(LETHE_ADMIN_TOKEN=bench LETHE_DATA_DIR=$OUT/$1 QUARKUS_HTTP_PORT=$2 LETHE_AUTH_ANONYMOUS=true)
  [[ -n ${3:-} ]] && env+=(KAFKA_BOOTSTRAP_SERVERS=$3)
  env "${env[@]}" java -Xmx${HEAP:-3g} -XX:+UseParallelGC -jar "$JAR" >>"$OUT/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 1200); do
    curl -sf -o /dev/null "http://127.0.0.1:$2/q/health/ready" && return 0
    sleep 0.05
  done
  echo "gateway $1 not ready; see $OUT/$1.log" >&2; exit 1
}
bulk() { # port
  local t0; t0=$(date +%s%N)
  curl -s --max-time 1200 -H 'Authorization: Bearer bench' -H 'Content-Type: application/x-ndjson' \
    --data-binary @"$FILE" "http://127.0.0.1:$1/admin/v1/erasures:bulk" | head -c 120; echo
  echo "bulk_ms=$(( ($(date +%s%N) - t0) / 1000000 ))"
}
finds() { # port id name
  curl -s -H 'Authorization: Bearer bench' -H 'Content-Type: application/json' \
    -d "{\"text\":\"Yesterday $3 called.\"}" "http://127.0.0.1:$1/v1/guard/scan" | grep -q "\"$2\""
}

echo "== single node"
gateway single 18191
bulk 18191
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

echo "== cluster: broker, replicas A and B"
KAFKA_PORT=$KPORT KAFKA_DATA=$OUT/kafka deploy/kafka-local.sh >"$OUT/kafka.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do (echo > /dev/tcp/127.0.0.1/$KPORT) 2>/dev/null && break; sleep 0.1; done
# On this 2-core machine a second replica would take half the CPU of the first: the bulk runs with replica A
# alone (replicas have machines of their own in production), then B starts and reads the whole log.
gateway a 18192 127.0.0.1:$KPORT
bulk 18192
t0=$(date +%s%N)
gateway b 18193 127.0.0.1:$KPORT
echo "b_start_to_ready_after_bulk_ms=$(( ($(date +%s%N) - t0) / 1000000 )) (reads and compiles the whole log)"
finds 18193 "$last_id" "$last_name" && echo "b enforces the bulk's last line at ready: yes" || echo "b enforces the bulk's last line at ready: NO"

echo "== propagation A -> B, $CREATES creates"
for i in $(seq 1 "$CREATES"); do
  id="prop-$i-$RANDOM"; name="Propagata Vellmore$i"
  curl -s -o /dev/null -H 'Authorization: Bearer bench' -H 'Content-Type: application/json' \
    -d "{\"id\":\"$id\",\"subject\":{\"names\":[\"$name\"]}}" http://127.0.0.1:18192/admin/v1/erasures
  t1=$(date +%s%N)
  until finds 18193 "$id" "$name"; do :; done
  echo $(( ($(date +%s%N) - t1) / 1000 ))
done | sort -n > "$OUT/propagation-us.txt"
n=$(wc -l < "$OUT/propagation-us.txt")
pct() { sed -n "$(( ($n * $1 + 99) / 100 ))p" "$OUT/propagation-us.txt"; }
echo "propagation_us p50=$(pct 50) p99=$(pct 99) max=$(tail -1 "$OUT/propagation-us.txt") (n=$n; includes one scan round trip)"
