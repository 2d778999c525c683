#!/usr/bin/env bash
# A single-node Kafka (KRaft: broker + controller in one JVM) from Apache Kafka's own jars, for trying Lethe's
# evidence trail locally. No Docker. Runs in the foreground; Ctrl-C stops it.
#
#   deploy/kafka-local.sh                 # PLAINTEXT on 127.0.0.1:9092, data in ./data/kafka
#   KAFKA_PORT=19092 KAFKA_DATA=/tmp/k deploy/kafka-local.sh
#
# Then start the gateway with KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092 (see README, "Leak evidence").
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
port="${KAFKA_PORT:-9092}"
controller="${KAFKA_CONTROLLER_PORT:-$((port + 1))}"
data="${KAFKA_DATA:-$root/data/kafka}"
lib="$here/kafka/target/lib"

if [ ! -d "$lib" ] || [ -z "$(ls -A "$lib" 2>/dev/null)" ]; then
  echo "resolving Apache Kafka's jars into $lib (once)..." >&2
  "$root/mvnw" -q -B -f "$here/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$lib" -DincludeScope=runtime
fi

mkdir -p "$data"
props="$data/server.properties"
cat > "$props" <<PROPS
process.roles=broker,controller
node.id=1
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.quorum.bootstrap.servers=127.0.0.1:$controller
log.dirs=$data/logs
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS

java_opts=(-Xmx512m -XX:+UseSerialGC -cp "$lib/*")
if [ ! -f "$data/logs/meta.properties" ]; then
  cluster="$(java "${java_opts[@]}" kafka.tools.StorageTool random-uuid)"
  java "${java_opts[@]}" kafka.tools.StorageTool format --standalone -t "$cluster" -c "$props" >&2
fi
echo "Kafka on 127.0.0.1:$port (data $data); export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$port" >&2
exec java "${java_opts[@]}" kafka.Kafka "$props"
