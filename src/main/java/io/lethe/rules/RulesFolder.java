package io.lethe.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A cheap fingerprint of the rules folder (names, sizes, modification times) to notice edits. */
public final class RulesFolder {

    private RulesFolder() {
    }

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
                    sb.append(p.getFileName()).append(':').append(Files.size(p)).append(':')
                            .append(Files.getLastModifiedTime(p).toMillis()).append(';');
                } catch (IOException e) {
                    sb.append(p.getFileName()).append(":?;");
                }
            });
        } catch (IOException e) {
            return "unreadable";
        }
        return sb.toString();
    }
}
