/**
 * Test kit shared by the gateway's tests: a fake OpenAI-compatible upstream that replays recorded
 * wire transcripts and synthesises echo streams ({@link io.lethe.testkit.ReplayUpstream}), its Quarkus
 * test resource, echo-model chat requests ({@link io.lethe.testkit.EchoChat}), the locator of the shared test data, the runner of the end-to-end script that
 * drives the official {@code openai} npm client, and a writer of a tiny but real Hugging Face-style
 * sequence-classification model ({@link io.lethe.testkit.TinyClassifierModel}: ONNX protobuf written by
 * hand in {@code OnnxProtoWriter}, a WordPiece tokenizer.json, config.json) standing in for an operator's
 * classifier, since nothing can be downloaded here.
 *
 * <p>Threads: {@code ReplayUpstream} owns a private Vert.x instance and never blocks its event loops;
 * its recorded-request list is safe to read from test threads. Nothing here may depend on gateway code:
 * the kit stands in for the outside world (upstreams, clients), so it must not share the gateway's
 * assumptions.
 *
 * <p>Test data is never copied into the repository; {@link io.lethe.testkit.TestData} finds
 * {@code shared/data} next to the checkout.
 */
package io.lethe.testkit;
