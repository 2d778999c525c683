/** Composition root: configuration mappings and CDI producers. Nothing depends on this package. */
package io.lethe.config;
