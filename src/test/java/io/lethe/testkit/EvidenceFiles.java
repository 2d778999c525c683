package io.lethe.testkit;

import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The evidence a Quarkus test's gateway spooled, read back from {@code <lethe.data.dir>/evidence}. */
public final class EvidenceFiles {

    private EvidenceFiles() {
    }

    /** Every spool file's bytes as UTF-8, one file after another, each followed by a line break. */
    public static String text() throws IOException {
        Path dir = Path.of(ConfigProvider.getConfig().getValue("lethe.data.dir", String.class)).resolve("evidence");
        StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.append(new String(Files.readAllBytes(f), StandardCharsets.UTF_8)).append('\n');
            }
        }
        return out.toString();
    }
}
