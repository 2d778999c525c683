/**
 * Erasure storage and the matchers compiled from it.
 *
 * <p>{@link io.lethe.erasure.index.ErasureStore} keeps erasure records in a Lucene index under
 * {@code lethe.data.dir} and commits before a write returns. {@link io.lethe.erasure.index.CompiledErasures}
 * turns records into immutable matchers built for speed and memory at a million entries: names and aliases
 * (with generated variants) become token sequences in a hashed token trie walked once per output token
 * (tokens are words as {@link io.lethe.text.WordBreaks} cuts them: an ideograph or kana is a token);
 * e-mails, phone numbers ({@link io.lethe.erasure.index.PhoneKeys}: placed by libphonenumber, or by their
 * digits) and identifiers become 64-bit keyed hash tables probed per candidate run. Words and keys are
 * compared through {@link io.lethe.text.Folding}.
 * {@link io.lethe.erasure.index.PassageIndex} keeps registered passages as 4-word shingle hashes with
 * positions, weighted by rarity over the registered passages and the shipped background corpus
 * ({@link io.lethe.erasure.index.PassageBackground}), and chains matches along each passage's order.
 * Matchers hold no erased text, only hashes of normalized forms.
 *
 * <p>Compiled structures are immutable and thread-safe; a {@link io.lethe.erasure.index.CompiledErasures.Cursor}
 * belongs to one channel. Depends on Lucene, libphonenumber, {@code io.lethe.text} and the JDK.
 */
package io.lethe.erasure.index;
