package io.lethe.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the shared test data ({@code shared/data}) that lives next to the repository, never inside it.
 *
 * <p>Resolution order: system property {@code lethe.testdata.dir}, environment variable
 * {@code LETHE_TESTDATA_DIR}, then {@code shared/data} in the working directory or any of its parents
 * (a worktree at {@code /work/wt-x} and the main checkout at {@code /work/main} both find
 * {@code /work/shared/data}).
 */
public final class TestData {

    private TestData() {
    }

    /** The {@code shared/data} directory; throws with every place looked at when it is not found. */
    public static Path dir() {
        List<Path> tried = new ArrayList<>();
        String explicit = System.getProperty("lethe.testdata.dir");
        if (explicit == null || explicit.isBlank()) {
            explicit = System.getenv("LETHE_TESTDATA_DIR");
        }
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                return p;
            }
            throw new IllegalStateException("test data directory " + p
                    + " (from lethe.testdata.dir / LETHE_TESTDATA_DIR) does not exist");
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("data");
            tried.add(candidate);
            if (Files.isDirectory(candidate)) {
                return candidate.normalize();
            }
        }
        throw new IllegalStateException("shared test data not found; looked at " + tried
                + " (set -Dlethe.testdata.dir or LETHE_TESTDATA_DIR)");
    }

    /** The recorded upstream wire transcripts ({@code shared/data/transcripts}). */
    public static Path transcripts() {
        Path p = dir().resolve("transcripts");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("transcripts directory " + p + " does not exist");
        }
        return p;
    }
}
