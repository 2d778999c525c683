package io.lethe.erasure;

import io.lethe.topic.TopicHead;
import org.jboss.logging.Logger;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fitted topic heads of each erasure, kept beside the index ({@code <data>/topic-heads/<sha-256 of the
 * id>.bin}) so a restart does not refit them: a head is fitted against the topics registered at the time, and
 * refitting later would give another one. An entry is used only for the same sentence model and the same
 * topics (a SHA-256 of their JSON); a missing, stale or unreadable entry is refitted (heads stored before
 * cross-validated calibration, identity {@code model|fpr=...}, load no longer: they are refitted at start and
 * logged, see {@link io.lethe.topic.TopicModels#identity()}). Written to a temporary
 * file and moved into place. File names hash the id, which may name a person. Writer thread only.
 */
final class TopicHeadStore {

    private static final Logger LOG = Logger.getLogger(TopicHeadStore.class);
    private static final int MAGIC = 0x4C544850;  // "LTHP"
    private static final int FORMAT = 1;

    /** What one erasure's topics were fitted to. */
    record Entry(List<TopicHead> heads, List<float[]> fitted, List<Set<String>> fittedWords) {
    }

    private final Path dir;

    TopicHeadStore(Path dataDir) {
        this.dir = dataDir.resolve("topic-heads");
    }

    /** The stored heads of {@code e} for {@code model}, or null when there are none for these topics. */
    Entry read(Erasure e, String model) {
        Path f = file(e.id());
        try (InputStream raw = Files.newInputStream(f);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
                return null;
            }
            String storedModel = in.readUTF();
            if (!storedModel.equals(model)) {
                // another sentence model, false-positive rate or calibration (TopicModels.identity): the same
                // format, but refitted, so every head follows the current rule
                LOG.infof("erasure %s: topic heads stored for %s, refitting for %s", e.id(), storedModel, model);
                return null;
            }
            if (!in.readUTF().equals(topicsHash(e))) {
                return null;
            }
            int n = count(in, 10_000);
            List<TopicHead> heads = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                heads.add(TopicHead.readFrom(in));
            }
            int v = count(in, 1 << 20);
            List<float[]> fitted = new ArrayList<>(v);
            for (int i = 0; i < v; i++) {
                float[] x = new float[count(in, 1 << 16)];
                for (int d = 0; d < x.length; d++) {
                    x[d] = in.readFloat();
                }
                fitted.add(x);
            }
            int w = count(in, 1 << 20);
            List<Set<String>> words = new ArrayList<>(w);
            for (int i = 0; i < w; i++) {
                int k = count(in, 1 << 20);
                Set<String> s = new LinkedHashSet<>();
                for (int j = 0; j < k; j++) {
                    s.add(in.readUTF());
                }
                words.add(s);
            }
            return new Entry(heads, fitted, words);
        } catch (NoSuchFileException missing) {
            return null;
        } catch (IOException | RuntimeException ex) {
            LOG.warnf("erasure %s: stored topic heads unreadable, refitting: %s", e.id(), ex.toString());
            return null;
        }
    }

    /** Stores the heads of {@code e}; a failure is logged (the heads are refitted at the next start). */
    void write(Erasure e, String model, Entry entry) {
        Path f = file(e.id());
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            ownerOnly(dir, "rwx------");  // key terms are words of the topic: as private as the index
            try (OutputStream raw = Files.newOutputStream(tmp);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw))) {
                out.writeInt(MAGIC);
                out.writeInt(FORMAT);
                out.writeUTF(model);
                out.writeUTF(topicsHash(e));
                out.writeInt(entry.heads().size());
                for (TopicHead h : entry.heads()) {
                    h.writeTo(out);
                }
                out.writeInt(entry.fitted().size());
                for (float[] x : entry.fitted()) {
                    out.writeInt(x.length);
                    for (float v : x) {
                        out.writeFloat(v);
                    }
                }
                out.writeInt(entry.fittedWords().size());
                for (Set<String> s : entry.fittedWords()) {
                    out.writeInt(s.size());
                    for (String w : s) {
                        out.writeUTF(w);
                    }
                }
            }
            ownerOnly(tmp, "rw-------");
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ex) {
            LOG.warnf("erasure %s: topic heads not stored (refitted at the next start): %s", e.id(), ex.toString());
        }
    }

    private static void ownerOnly(Path p, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException notPosix) {
            // not a POSIX file system: its own access rules apply
        }
    }

    /** Forgets the heads of a retired erasure (best effort). */
    void delete(String id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException ex) {
            LOG.warnf("stored topic heads of a retired erasure not deleted: %s", ex.toString());
        }
    }

    private Path file(String id) {
        return dir.resolve(sha256(id) + ".bin");
    }

    private static String topicsHash(Erasure e) {
        try {
            return sha256(ErasureParser.JSON.writeValueAsString(e.topics()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static int count(DataInputStream in, int max) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) {
            throw new IOException("corrupt count " + n);
        }
        return n;
    }
}
