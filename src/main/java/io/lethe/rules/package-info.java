/**
 * Guard rules: the YAML files under {@code lethe.rules.dir} turned into validated, immutable records
 * ({@link io.lethe.rules.GuardRules}), the {@link io.lethe.guard.Policy} they define, and the deny-term
 * stage they list.
 *
 * <p>A bad file is refused with its name, line and reason. Everything here is immutable once loaded and
 * safe to share across threads. Depends on {@code io.lethe.guard} and {@code io.lethe.text}.
 */
package io.lethe.rules;
