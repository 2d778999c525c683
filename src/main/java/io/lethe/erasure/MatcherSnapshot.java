package io.lethe.erasure;

import io.lethe.erasure.index.CompiledErasures;
import io.lethe.erasure.index.OwnerOnlyFiles;
import io.lethe.erasure.index.PassageIndex;
import io.lethe.guard.Action;
import io.lethe.text.Folding;
import org.jboss.logging.Logger;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The compiled base matcher on disk, so a restart loads tables instead of recompiling a million erasures.
 * It records the store version it reflects; start-up applies the records written after it. Written to a
 * temporary file, fsynced, then renamed; checksummed; anything unexpected means "recompile", never an
 * error. A bulk publish deletes it first, since staged records carry versions older than a snapshot
 * taken while they were staged.
 */
final class MatcherSnapshot {

    private static final Logger LOG = Logger.getLogger(MatcherSnapshot.class);
    private static final long MAGIC = 0x4C455448454D5331L;  // "LETHEMS1"
    // 4: tokens follow UAX #29 word boundaries (ideographs and kana are tokens of their own)
    // 5: follow-up terms per entry; passages as 4-word shingles with positions, shingle counts and the
    // background corpus checksum
    // 6: name forms in payloads, typo letters; the header also holds io.lethe.text.Folding.VERSION, the
    // folding the token and key hashes were made with
    // 7: glued, romanized and per-word mirrored name forms; identifier chains; titles
    // 8: per-kind matchers: postings, then the name trie, then the key table
    // 9: surnames keep their particles in every name form ("A. da Paz")
    // 10: the common given names that are never typos
    // 11: four-letter name words take swapped letters as typos
    // 12: expanded and camel-case spellings, words backwards in place
    // 13: four-letter name words take any one edit
    // 14: the name trie's token prefix filter (a stream holds a partial word only while it could begin a name)
    // 15: the token prefix filter keeps each typo budget's keys apart
    // 16: the filter's two-typo keys also cover name words of 7 and 8 letters (a 9-letter word reads them so)
    // 17: the filter keys each typo budget apart after the chars, probes three bits a key, and keys a name word
    // shorter than two typos' length without 2-deletions
    // 18: the filter's one-typo keys tell a char dropped anywhere from one dropped at a position
    // 19: the follower filter covers every trie state and the typos each following word takes
    // 20: per entry, the prefixes of its follow-up terms' first words
    // 21: a two-typo name word of 7 letters is keyed whole only (a 9-letter word reads it only with two inserted)
    // 22: the given names and surnames read as a record's fields (RecordFields)
    // 23: the long number inside a lettered identifier is a key of its own
    // 24: the last 4 to 8 digits of every phone key, which a stream holds (a number's groups in another order)
    // 25: user names of registered names and addresses as keys, with their prefix filter; follow-up terms hold a
    //     given name with the surname's initial glued ("mirandaq")
    // 26: romanized Chinese names read with the Hundred Family Surnames' compound surnames (乐正琦 as Lezheng Qi)
    // 27: names in their Russian and Polish cases (and their surnames as follow-up terms), Vietnamese names in
    //     Western order, aliases surname first
    // 28: a distinctive surname's forms without the full given name: after a title ("Dr. Quillsworth"), with "et
    //     al."
    // 29: user-name keys without the initial-and-surname pairs; title and "et al." forms off
    // 30: Czech and Slovak cases, abbreviated and hyphenated initials, short Dutch particles, glued particles, an
    //     alias's given name with the registered surname, a title after a reversed name's comma (helper-83),
    //     e-mails written backwards with their digraphs in order (helper-84), two-surname forms, Russian names in
    //     the scientific, ISO/R 9, ISO 9 and German (Duden) romanizations, the soft sign as "ʹ" too (helper-85)
    // 31: the subject's country gives a Latin name its Slavic cases, Czech possessives of fleeting-e, "-ová" and
    //     adjectival surnames, the Czech second dative, Russian initials with cases, English and more Duden
    //     romanizations, romanized names reversed as REVERSED (helper-95)
    // 32: Spanish three-word names by given name and first surname, four-word by first given name and father's
    //     surname, Vietnamese given names alone no form, the Arabic article as al/el or dropped, written-out
    //     titles after a reversed name's comma (helper-94)
    // 33: follow-up terms: a surname's plural, its particles glued, "aa" as "å", an alias's terms (helper-96)
    // 34: no two-surname form with particles as the middle words ("Pieter van der"; helper-98)
    // 35: the Spanish two-surname forms only for a subject of a Spanish-speaking or unknown country (its own, or its
    //     first international phone's)
    // 36: one country per subject for forms, cases and follow-up terms (its own, else its first calling-code phone's)
    // 37: 2-deletion typo entries keep the token's first letter (a typo does not change a word's first letter)
    // 38: the phone tails table also holds every phone key's first digits (PhoneMatcher.addHeads)
    static final int FORMAT = 38;

    record Loaded(CompiledErasures base, PassageIndex passages, ErasureStage.Entry[] entries, long watermark) {
    }

    private MatcherSnapshot() {
    }

    static void write(Path file, CompiledErasures base, PassageIndex passages, ErasureStage.Entry[] entries,
                      long watermark) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            CRC32 crc = new CRC32();
            try (OutputStream raw = OwnerOnlyFiles.create(tmp);
                 DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 20), crc))) {
                out.writeLong(MAGIC);
                out.writeInt(FORMAT);
                out.writeInt(Folding.VERSION);
                out.writeLong(watermark);
                out.writeInt(entries.length);
                for (ErasureStage.Entry e : entries) {
                    out.writeUTF(e.id());
                    out.writeByte(e.action() == null ? -1 : e.action().ordinal());
                    writeList(out, e.scope().models());
                    writeList(out, e.scope().tenants());
                    out.writeLong(e.requestedAt() == null ? Long.MIN_VALUE : e.requestedAt().toEpochMilli());
                    out.writeBoolean(e.retireOnRetrain());
                    out.writeShort(e.followUps().length);
                    for (long[] seq : e.followUps()) {
                        out.writeByte(seq.length);
                        for (long h : seq) {
                            out.writeLong(h);
                        }
                    }
                    long[] prefixes = e.followUpPrefixes();
                    out.writeInt(prefixes == null ? -1 : prefixes.length);
                    for (int k = 0; prefixes != null && k < prefixes.length; k++) {
                        out.writeLong(prefixes[k]);
                    }
                }
                base.writeTo(out);
                PassageIndex.write(passages, out);
                out.flush();
                DataOutputStream tail = new DataOutputStream(raw);
                tail.writeLong(crc.getValue());
                tail.flush();
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warnf("could not write the matcher snapshot (restarts will recompile): %s", e.toString());
            delete(tmp);
        }
    }

    private static void writeList(DataOutputStream out, List<String> l) throws IOException {
        out.writeInt(l.size());
        for (String s : l) {
            out.writeUTF(s);
        }
    }

    private static List<String> readList(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n == 1) {
            String only = in.readUTF();
            return "*".equals(only) ? List.of("*") : List.of(only);
        }
        List<String> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(in.readUTF());
        }
        return List.copyOf(l);
    }

    /** The snapshot, or null when it is missing, from another format, or damaged. */
    static Loaded read(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.warnf("matcher snapshot unreadable, recompiling: %s", e.toString());
            return null;
        }
        CRC32 crc = new CRC32();
        try (InputStream raw = Files.newInputStream(file)) {
            BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 20);
            buffered.mark(0);
            DataInputStream in = new DataInputStream(new CheckedInputStream(new BoundedInputStream(buffered, size - 8), crc));
            if (in.readLong() != MAGIC || in.readInt() != FORMAT) {
                LOG.info("matcher snapshot has another format; recompiling");
                return null;
            }
            if (in.readInt() != Folding.VERSION) {
                LOG.info("matcher snapshot was compiled with another folding; recompiling");
                return null;
            }
            long watermark = in.readLong();
            int n = in.readInt();
            Action[] actions = Action.values();
            ErasureStage.Entry[] entries = new ErasureStage.Entry[n];
            Erasure.Scope everywhere = Erasure.Scope.EVERYWHERE;
            for (int i = 0; i < n; i++) {
                String id = in.readUTF();
                int a = in.readByte();
                List<String> models = readList(in);
                List<String> tenants = readList(in);
                long req = in.readLong();
                boolean retire = in.readBoolean();
                long[][] follow = new long[in.readShort()][];
                for (int f = 0; f < follow.length; f++) {
                    follow[f] = new long[in.readByte()];
                    for (int k = 0; k < follow[f].length; k++) {
                        follow[f][k] = in.readLong();
                    }
                }
                int np = in.readInt();
                if (np < -1 || np > 1 << 20) {
                    throw new IOException("corrupt follow-up prefix count " + np);
                }
                long[] prefixes = np < 0 ? null : new long[np];
                for (int k = 0; k < np; k++) {
                    prefixes[k] = in.readLong();
                }
                Erasure.Scope scope = models.equals(everywhere.models()) && tenants.equals(everywhere.tenants())
                        ? everywhere : new Erasure.Scope(models, tenants);
                entries[i] = new ErasureStage.Entry(id, a < 0 ? null : actions[a], scope,
                        req == Long.MIN_VALUE ? null : Instant.ofEpochMilli(req), retire,
                        follow.length == 0 ? ErasureStage.NO_FOLLOW_UPS : follow, prefixes);
            }
            CompiledErasures base = CompiledErasures.readFrom(in);
            PassageIndex passages = PassageIndex.read(in);
            long expected = new DataInputStream(buffered).readLong();
            if (expected != crc.getValue()) {
                LOG.warn("matcher snapshot checksum mismatch; recompiling");
                return null;
            }
            return new Loaded(base, passages, entries, watermark);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("matcher snapshot damaged, recompiling: %s", e.toString());
            return null;
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", file, e.toString());
        }
    }

    /** Reads at most {@code limit} bytes, leaving the checksum that follows for the caller. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
