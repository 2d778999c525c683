#!/usr/bin/env bash
# The classifier's GPU path in one call: build with the gpu profile (onnxruntime_gpu, CUDA execution
# provider), check the model runs on CUDA (and falls back cleanly), then time it as on CPU.
# Needs: a CUDA 12 machine with cuDNN 9 (ONNX Runtime 1.23's requirements) and the Maven repository
# reachable (or ~/.m2 already holding onnxruntime_gpu 1.23.2, 445 MB).
# Usage: src/bench/gpu-bench.sh [seconds=10] [workers=4]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER=${1:-10}
WORKERS=${2:-4}
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv || echo "nvidia-smi: no GPU visible"
./mvnw -B -q -Pgpu -DskipTests test-compile
./mvnw -B -q -Pgpu dependency:build-classpath -Dmdep.outputFile=target/cp-gpu.txt -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat target/cp-gpu.txt)"
# The fallback test asks for CUDA; on a GPU machine it must report the GPU (onGpu=true in the log line).
./mvnw -B -q -Pgpu test -Dtest=OnnxClassifierTest || true
for model in fp32 q; do
  java -Dai.djl.offline=true -cp "$CP" io.lethe.bench.ClassifierBench "$model" "$SECONDS_PER" "$WORKERS" 1 cuda
done
