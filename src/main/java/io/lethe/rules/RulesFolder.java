package io.lethe.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A cheap fingerprint of the rules folder to notice edits: per rules file its name, the real path it
 * resolves to, size and modification time. The real path matters for a Kubernetes ConfigMap volume, where
 * every file is a link through {@code ..data} to a new timestamped folder per version: a swap changes the
 * resolved path even when size and time come out the same.
 */
public final class RulesFolder {

    private RulesFolder() {
    }

    /** The folder's fingerprint; {@code "absent"} or {@code "unreadable"} when it cannot be listed. */
    public static String fingerprint(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "absent";
        }
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".yaml") || n.endsWith(".yml");
            }).sorted().forEach(p -> {
                try {
                    sb.append(p.getFileName()).append(':').append(p.toRealPath()).append(':')
                            .append(Files.size(p)).append(':')
                            .append(Files.getLastModifiedTime(p).toMillis()).append(';');
                } catch (IOException e) {
                    // a dangling link (a key a ConfigMap swap removed) is no rules file
                    sb.append(p.getFileName()).append(":?;");
                }
            });
        } catch (IOException e) {
            return "unreadable";
        }
        return sb.toString();
    }
}
