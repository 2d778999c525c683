/**
 * Guard rules: the YAML files under {@code lethe.rules.dir} turned into validated, immutable records
 * ({@link io.lethe.rules.GuardRules}), the {@link io.lethe.guard.Policy} they define, and the deny-term
 * detector ({@link io.lethe.rules.DenyTermDetector}, {@link io.lethe.rules.DenyTermStage}). Other detectors may
 * read their rules section from here; the rules depend on no detector.
 *
 * <p>A bad file is refused with its name, line and reason. Everything here is immutable once loaded and
 * safe to share across threads. Depends on {@code io.lethe.guard}, {@code io.lethe.text}, Jackson and the JSON
 * Schema validator (ArchUnit).
 */
package io.lethe.rules;
