package io.lethe.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@link Planted} for tests in other packages. */
public final class PlantedAccess {

    private final Planted planted;

    private PlantedAccess(Planted planted) {
        this.planted = planted;
    }

    public static PlantedAccess register(long seed) {
        return new PlantedAccess(Planted.register(seed));
    }

    public String erasureId() {
        return planted.erasureId;
    }

    public String leakingText(int i) {
        return planted.leakingText(i);
    }

    public List<String> forbidden() {
        return planted.forbidden();
    }

    public static Logs catchLogs() {
        return new Logs(Planted.LogCatcher.install());
    }

    /** Everything in the spool's segments now. */
    public static String spoolText(Spool spool) {
        StringBuilder sb = new StringBuilder();
        Path dir = Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("lethe.data.dir", String.class)).resolve("evidence");
        try {
            for (Path seg : Spool.listSegments(dir)) {
                sb.append(Files.readString(seg, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    public static final class Logs implements AutoCloseable {
        private final Planted.LogCatcher catcher;

        Logs(Planted.LogCatcher catcher) {
            this.catcher = catcher;
        }

        public String text() {
            return catcher.text.toString();
        }

        @Override
        public void close() {
            catcher.close();
        }
    }
}
