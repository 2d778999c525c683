package io.lethe.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finding and running external command-line tools from tests. */
final class Tools {

    private Tools() {
    }

    /** Output (stdout and stderr together) and exit code of one run. */
    record Run(int exit, String output) {
    }

    /** Whether {@code tool} is an executable file in some PATH folder. */
    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code command} in {@code dir}; fails the test when it does not finish within {@code seconds}. */
    static Run run(Path dir, long seconds, List<String> command) throws IOException, InterruptedException {
        return run(dir, seconds, command, null);
    }

    /** As {@link #run(Path, long, List)}, with {@code env} as the whole environment besides PATH and HOME when given. */
    static Run run(Path dir, long seconds, List<String> command, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("lethe-tool", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            if (env != null) {
                String path = System.getenv("PATH");
                String home = System.getenv("HOME");
                pb.environment().clear();
                pb.environment().put("PATH", path == null ? "/usr/bin:/bin" : path);
                if (home != null) {
                    pb.environment().put("HOME", home);
                }
                pb.environment().putAll(env);
            }
            Process p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + seconds + " s");
            }
            return new Run(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The first line of {@code tool --version} (or {@code version}), for reports. */
    static String version(String tool, String... args) {
        try {
            Run r = run(Path.of("."), 30, java.util.stream.Stream.concat(java.util.stream.Stream.of(tool),
                    java.util.Arrays.stream(args)).toList());
            return r.output().strip().lines().findFirst().orElse("?");
        } catch (IOException | InterruptedException | AssertionError e) {
            return "?";
        }
    }
}
