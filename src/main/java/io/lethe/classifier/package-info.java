/**
 * The ONNX classifier: {@link io.lethe.classifier.OnnxClassifier} runs a Hugging Face-style model folder
 * (sentence-embedding or sequence-classification) with ONNX Runtime, CPU by default and the CUDA execution
 * provider when built with the {@code gpu} profile and a GPU is present; {@link io.lethe.classifier.MicroBatcher}
 * batches sentences across concurrent responses off the event loop; {@link io.lethe.classifier.Sentences}
 * cuts streamed text into sentences deterministically; {@link io.lethe.classifier.ClassifierStage} is the
 * guard stage (topic erasures by cosine similarity, operator labels by probability) with inline and shadow
 * modes and a fail mode; {@link io.lethe.classifier.ClassifierDetector} is its plug-in factory, which loads the
 * models once ({@link io.lethe.classifier.ClassifierConfig}) and builds the stage from the rules' {@code classifier}
 * section and the registry's topics.
 *
 * <p>Threads: stages are built on the pipeline-building thread; scoring runs on the micro-batcher's workers.
 * Depends on {@code io.lethe.guard}, {@code io.lethe.topic}, {@code io.lethe.rules} (its section), ONNX Runtime,
 * DJL's tokenizer and the Quarkus config, CDI and Micrometer APIs; never on another detector (ArchUnit).
 */
package io.lethe.classifier;
