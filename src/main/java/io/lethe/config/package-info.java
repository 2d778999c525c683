/**
 * Composition root: configuration mappings, CDI producers, and the wiring that assembles the guard pipeline
 * from the detector plug-ins it discovers ({@link io.lethe.config.GuardWiring}; it builds no stage itself).
 * Nothing depends on this package.
 */
package io.lethe.config;
