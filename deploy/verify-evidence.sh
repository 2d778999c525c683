#!/usr/bin/env bash
# Verifies the leak-evidence chains of every gateway instance, in a spool folder or a Kafka topic.
#   deploy/verify-evidence.sh --spool data/evidence
#   deploy/verify-evidence.sh --kafka 127.0.0.1:9092 [--topic lethe.leak-evidence] [--timeout 60]
# Exit status: 0 every chain verifies; 1 problems (gaps, reordering, tampering), listed; 2 bad usage or unreadable.
# Needs the packaged gateway (./mvnw -q -DskipTests package); LETHE_APP points elsewhere if it lives elsewhere.
set -euo pipefail
app="${LETHE_APP:-$(cd "$(dirname "$0")/.." && pwd)/target/quarkus-app}"
if [ ! -d "$app/lib/main" ]; then
  echo "no packaged gateway at $app: run ./mvnw -q -DskipTests package first (or set LETHE_APP)" >&2
  exit 2
fi
exec java -cp "$app/app/*:$app/lib/boot/*:$app/lib/main/*" io.lethe.evidence.kafka.VerifyEvidence "$@"
