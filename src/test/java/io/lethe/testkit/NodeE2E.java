package io.lethe.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/node/e2e.mjs} (the official {@code openai} npm client) against a base URL.
 *
 * <p>The node project is copied to {@code target/node-e2e/} and installed there, so
 * {@code node_modules} never lands in {@code src}. The install is done once per JVM and skipped across
 * runs while {@code package.json} and {@code package-lock.json} are unchanged.
 */
public final class NodeE2E {

    /** Oldest Node whose global fetch the openai client relies on. */
    static final int MIN_NODE_MAJOR = 18;
    private static final Duration TOOL_CHECK_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PROJECT_FILES = {"package.json", "package-lock.json", "e2e.mjs"};

    private static boolean installed;

    private NodeE2E() {
    }

    /**
     * Empty when {@code node} and {@code npm} both run; otherwise a message saying exactly which is
     * missing or unusable, fit to be a skip reason.
     */
    public static Optional<String> missingTool() {
        List<String> problems = new ArrayList<>();
        String node = versionOf("node");
        if (node.startsWith("!")) {
            problems.add(node.substring(1));
        } else {
            int major = parseMajor(node);
            if (major < MIN_NODE_MAJOR) {
                problems.add("node " + node + " is too old: the openai client needs Node >= " + MIN_NODE_MAJOR);
            }
        }
        String npm = versionOf("npm");
        if (npm.startsWith("!")) {
            problems.add(npm.substring(1));
        }
        return problems.isEmpty() ? Optional.empty()
                : Optional.of("end-to-end test with the openai npm client skipped: " + String.join("; ", problems));
    }

    /** The tool's {@code --version} output, or "!" followed by why it could not be had. */
    private static String versionOf(String tool) {
        try {
            Path out = Files.createTempFile("lethe-" + tool + "-version", ".txt");
            try {
                Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true)
                        .redirectOutput(out.toFile()).start();
                if (!p.waitFor(TOOL_CHECK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return "!" + tool + " --version did not answer within " + TOOL_CHECK_TIMEOUT.toSeconds() + " s";
                }
                String text = Files.readString(out).trim();
                if (p.exitValue() != 0) {
                    return "!" + tool + " --version exited with " + p.exitValue() + ": " + abbreviate(text);
                }
                return text;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return "!" + tool + " is not installed or not on PATH (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "!interrupted while checking " + tool;
        }
    }

    private static int parseMajor(String version) {
        String v = version.startsWith("v") ? version.substring(1) : version;
        int dot = v.indexOf('.');
        try {
            return Integer.parseInt(dot > 0 ? v.substring(0, dot) : v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The copy of the node project under {@code target/}. */
    public static Path workDir() {
        return projectDir().resolve("target").resolve("node-e2e");
    }

    /** Copies the node project to {@code target/node-e2e/} and installs it, unless already done. */
    public static synchronized void ensureInstalled() {
        Path src = projectDir().resolve("src").resolve("test").resolve("node");
        Path work = workDir();
        try {
            Files.createDirectories(work);
            for (String f : PROJECT_FILES) {
                Path from = src.resolve(f);
                if (Files.exists(from)) {
                    Files.copy(from, work.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (installed) {
                return;
            }
            String fingerprint = fingerprint(work);
            Path marker = work.resolve(".installed.sha256");
            boolean upToDate = Files.exists(work.resolve("node_modules/openai/package.json"))
                    && Files.exists(marker) && Files.readString(marker).trim().equals(fingerprint);
            if (!upToDate) {
                List<String> cmd = Files.exists(work.resolve("package-lock.json"))
                        ? List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline")
                        : List.of("npm", "install", "--no-audit", "--no-fund");
                Path log = work.resolve("npm-install.log");
                Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                if (!p.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", cmd) + " did not finish within "
                            + INSTALL_TIMEOUT.toMinutes() + " min; log: " + log);
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", cmd) + " failed with exit code "
                            + p.exitValue() + ":\n" + tail(Files.readString(log)));
                }
                Files.writeString(marker, fingerprint);
            }
            installed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the node e2e project in " + work, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the node e2e project", e);
        }
    }

    /** Runs e2e.mjs against {@code baseUrl} (ending in {@code /v1}) and returns its JSON line. */
    public static JsonNode run(String baseUrl, Duration timeout) {
        return run(baseUrl, timeout, Map.of());
    }

    /**
     * As {@link #run(String, Duration)}, with extra environment for the script: {@code LETHE_E2E_MODEL},
     * {@code LETHE_E2E_PROMPT}, {@code LETHE_E2E_UNKNOWN_MODEL}, {@code LETHE_E2E_API_KEY},
     * {@code LETHE_E2E_TIMEOUT_MS}.
     */
    public static JsonNode run(String baseUrl, Duration timeout, Map<String, String> env) {
        ensureInstalled();
        Path work = workDir();
        try {
            Path out = Files.createTempFile(work, "e2e-", ".out");
            Path err = Files.createTempFile(work, "e2e-", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder("node", "e2e.mjs", baseUrl).directory(work.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().put("LETHE_E2E_BASE_URL", baseUrl);
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("e2e.mjs did not finish within " + timeout + "; stderr:\n"
                            + tail(Files.readString(err)));
                }
                String stdout = Files.readString(out, StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("e2e.mjs exited with " + p.exitValue() + "; stderr:\n"
                            + tail(Files.readString(err)) + "\nstdout:\n" + tail(stdout));
                }
                String line = lastJsonLine(stdout);
                if (line == null) {
                    throw new IllegalStateException("e2e.mjs printed no JSON line; stdout:\n" + tail(stdout)
                            + "\nstderr:\n" + tail(Files.readString(err)));
                }
                return JSON.readTree(line);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("running e2e.mjs failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running e2e.mjs", e);
        }
    }

    private static String lastJsonLine(String stdout) {
        String[] lines = stdout.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String l = lines[i].trim();
            if (l.startsWith("{")) {
                return l;
            }
        }
        return null;
    }

    /** The repository root: the nearest directory upwards holding {@code src/test/node/package.json}. */
    static Path projectDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("src/test/node/package.json"))) {
                return p;
            }
        }
        throw new IllegalStateException("src/test/node/package.json not found above " + Path.of("").toAbsolutePath());
    }

    private static String fingerprint(Path work) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String f : List.of("package.json", "package-lock.json")) {
                Path p = work.resolve(f);
                if (Files.exists(p)) {
                    md.update(Files.readAllBytes(p));
                }
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : "…" + s.substring(s.length() - 4000);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
