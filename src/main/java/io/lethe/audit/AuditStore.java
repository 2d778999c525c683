package io.lethe.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

/**
 * One JSON file per model under the audit folder ({@code <lethe.data.dir>/audit/<model>.json}, the model name
 * base64url-encoded so any name is a safe file name): its probe results and whether a run was asked for and is
 * not finished. Written whole to a temporary file, forced to disk, then atomically moved over the old one, so a
 * crash leaves the old or the new state, never a torn one. Folder {@code rwx------}, files {@code rw-------}.
 * Not thread-safe: callers hold the model's monitor.
 */
public final class AuditStore {

    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /**
     * A model's persisted state.
     *
     * @param model        the model name
     * @param runRequested a run was asked for (admin call, snapshot change) and has not yet covered every probe
     * @param results      the latest result of each (erasure, probe)
     */
    public record State(@JsonProperty("model") String model, @JsonProperty("run_requested") boolean runRequested,
                        @JsonProperty("results") List<ProbeResult> results) {
        public State {
            results = results == null ? List.of() : List.copyOf(results);
        }
    }

    private final Path dir;

    /** A result as JSON (the stored form), for replication to other replicas. */
    public static byte[] toJson(ProbeResult r) {
        try {
            return JSON.writeValueAsBytes(r);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A result read back from {@link #toJson}; IllegalArgumentException when it is not one. */
    public static ProbeResult resultFromJson(byte[] json) {
        try {
            return JSON.readValue(json, ProbeResult.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a probe result: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Creates the folder (owner-only) if missing; IOException wrapped as UncheckedIOException naming it. */
    public AuditStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            ownerOnly(dir, "rwx------");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the audit folder " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** The file of a model. */
    public Path file(String model) {
        return dir.resolve(Base64.getUrlEncoder().withoutPadding().encodeToString(model.getBytes(StandardCharsets.UTF_8))
                + ".json");
    }

    /** The model's state, or an empty one when nothing was stored. A corrupt file is an UncheckedIOException. */
    public State load(String model) {
        Path f = file(model);
        if (!Files.exists(f)) {
            return new State(model, false, List.of());
        }
        try {
            return JSON.readValue(f.toFile(), State.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read audit state " + f, e);
        }
    }

    /** Replaces the model's state atomically (temp file, fsync, rename). */
    public void save(State state) {
        Path f = file(state.model());
        Path tmp = dir.resolve(f.getFileName() + ".tmp");
        try {
            byte[] bytes = JSON.writeValueAsBytes(state);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ownerOnly(tmp, "rw-------");
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write audit state " + f, e);
        }
    }

    private static void ownerOnly(Path p, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException ignored) {
            // not POSIX: the folder's own ACLs apply
        }
    }
}
