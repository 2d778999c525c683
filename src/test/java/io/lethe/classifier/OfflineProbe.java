package io.lethe.classifier;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Run in its own JVM by {@link OfflineTest}: loads the built-in model and tokenizer and embeds a sentence
 * under a security manager that refuses (and records) every network connection, then proves the manager
 * works by trying one itself. Prints {@code OFFLINE-OK} on success.
 */
public final class OfflineProbe {

    public static void main(String[] args) throws Exception {
        List<String> attempts = new CopyOnWriteArrayList<>();
        String self = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        System.setSecurityManager(new SecurityManager() {
            @Override
            public void checkConnect(String host, int port) {
                if (port == -1 && host.equals(self)) {
                    return; // the log manager looks up this machine's own name (for %h): no connection
                }
                attempts.add(host + ":" + port);
                if (Boolean.getBoolean("probe.trace")) {
                    new Throwable("connect " + host + ":" + port).printStackTrace(System.out);
                }
                throw new SecurityException("network connection to " + host + ":" + port + " refused by the probe");
            }

            @Override
            public void checkConnect(String host, int port, Object context) {
                checkConnect(host, port);
            }

            @Override
            public void checkPermission(java.security.Permission perm) {
                // everything else is allowed
            }
        });
        try (OnnxClassifier c = OnnxClassifier.builtIn(OnnxClassifier.Device.CPU, 1, 64)) {
            float[] v = c.run(List.of("Does the tokenizer stay on this machine?"))[0];
            if (v.length != 384) {
                throw new IllegalStateException("unexpected embedding size " + v.length);
            }
        }
        if (!attempts.isEmpty()) {
            System.out.println("NETWORK-ATTEMPTS " + attempts);
            System.exit(2);
        }
        try (Socket s = new Socket("127.0.0.1", 9)) {
            System.out.println("PROBE-INEFFECTIVE");
            System.exit(3);
        } catch (SecurityException expected) {
            // the manager would have caught a connection by the model code too
        }
        System.out.println("OFFLINE-OK");
    }
}
