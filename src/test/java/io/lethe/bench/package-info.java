/**
 * Benchmark tools, run by {@code src/bench/run-bench.sh}, never by the test suite: {@code StreamLoad}
 * (a streaming load client reporting time-to-first-token and inter-chunk gaps) and
 * {@code BenchUpstream} (a {@link io.lethe.testkit.ReplayUpstream} on a fixed port for wrk runs).
 *
 * <p>They sit with the test sources so they share the test classpath (Vert.x, HdrHistogram, the test
 * kit) without shipping in the gateway. They measure the gateway from outside and may not use its code.
 */
package io.lethe.bench;
