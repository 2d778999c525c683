/**
 * The {@code hashed-contacts} detector, a plug-in: registered e-mail addresses leaked as their MD5, SHA-1 or
 * SHA-256 hex digests (Gravatar URLs, tracking pixels). {@link io.lethe.hashed.HashedContactsDetector} is the
 * public factory, discovered through CDI; it keeps a sorted digest index up to date from the registry's records
 * ({@link io.lethe.guard.RecordsFollower}) and hands each pipeline build an immutable stage over it.
 *
 * <p>Threads: the factory is called on the registry's rebuild path (one build at a time); the stage is
 * immutable and each scanner belongs to one channel on the session's thread. Depends on {@code io.lethe.guard},
 * the JDK and a CDI scope annotation only; no other detector's package (held by {@code ArchitectureTest}).
 */
package io.lethe.hashed;
