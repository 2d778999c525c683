/**
 * The ONNX classifier: {@link io.lethe.classifier.OnnxClassifier} runs a Hugging Face-style model folder
 * (sentence-embedding or sequence-classification) with ONNX Runtime, CPU by default and the CUDA execution
 * provider when built with the {@code gpu} profile and a GPU is present; {@link io.lethe.classifier.MicroBatcher}
 * batches sentences across concurrent responses off the event loop; {@link io.lethe.classifier.Sentences}
 * cuts streamed text into sentences deterministically; {@link io.lethe.classifier.ClassifierStage} is the
 * guard stage (topic erasures by cosine similarity, operator labels by probability) with inline and shadow
 * modes and a fail mode.
 */
package io.lethe.classifier;
