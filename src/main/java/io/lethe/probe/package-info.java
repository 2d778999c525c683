/**
 * A container health check that needs no shell and no curl: {@link io.lethe.probe.HealthProbe}, a plain
 * {@code main} run in exec form by the images' {@code HEALTHCHECK}. Depends on {@code java.*} only, so it
 * starts in a bare JVM without Quarkus.
 */
package io.lethe.probe;
