/**
 * Erasure storage and the matchers compiled from it.
 *
 * <p>{@link io.lethe.erasure.index.ErasureStore} keeps erasure records in a Lucene index under
 * {@code lethe.data.dir} and commits before a write returns. {@link io.lethe.erasure.index.CompiledErasures}
 * turns records into immutable matchers built for speed and memory at a million entries, one per kind as in
 * Lucene's monitor: {@code NameMatcher} (names and aliases with generated variants as token sequences in a
 * hashed token trie walked once per output token; tokens are words as {@link io.lethe.text.WordBreaks} cuts
 * them, an ideograph or kana is a token), {@code EmailMatcher}, {@code PhoneMatcher} (digit runs; keys from
 * {@link io.lethe.erasure.index.PhoneKeys}: placed by libphonenumber, or by their digits) and
 * {@code IdentifierMatcher}, which probe one 64-bit keyed hash table ({@code KeyTable}) with the runs they
 * read. All share one {@code Postings} store and one pass over the text. Keys are normalized by
 * {@link io.lethe.erasure.index.ErasureKeys}, which validation uses too; words and keys are compared through
 * {@link io.lethe.text.Folding}.
 * {@link io.lethe.erasure.index.PassageIndex} keeps registered passages as 4-word shingle hashes with
 * positions, weighted by rarity over the registered passages and the shipped background corpus
 * ({@link io.lethe.erasure.index.PassageBackground}), and chains matches along each passage's order.
 * Matchers hold no erased text, only hashes of normalized forms.
 *
 * <p>Compiled structures are immutable and thread-safe; a {@link io.lethe.erasure.index.CompiledErasures.Cursor}
 * belongs to one channel. Depends on Lucene, libphonenumber, {@code io.lethe.text} and the JDK.
 */
package io.lethe.erasure.index;
