package io.lethe.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;

/**
 * {@code java -cp 'app/*' io.lethe.probe.HealthProbe [url...]}: exits 0 when every URL answers 200 within
 * two seconds, 1 otherwise (connection refused, timeout, any other status). Without arguments it checks
 * {@code http://127.0.0.1:8080/q/health/live} and {@code .../ready}. Prints one line per failure.
 */
public final class HealthProbe {

    private static final System.Logger LOG = System.getLogger(HealthProbe.class.getName());
    static final int TIMEOUT_MS = 2_000;
    static final String[] DEFAULT = {"http://127.0.0.1:8080/q/health/live", "http://127.0.0.1:8080/q/health/ready"};

    private HealthProbe() {
    }

    /** Runs the check and exits with its code. */
    public static void main(String[] args) {
        System.exit(check(args.length == 0 ? DEFAULT : args));
    }

    /** 0 when every URL answered 200, else 1. */
    public static int check(String... urls) {
        int code = 0;
        for (String u : urls) {
            String problem = probe(u);
            if (problem != null) {
                // a separate JVM run by the container's health check: the JDK's own logger needs no set-up and
                // writes to stderr, which Docker keeps with the check's result; a URL and a status, no payload
                LOG.log(System.Logger.Level.WARNING, "unhealthy: {0}: {1}", u, problem);
                code = 1;
            }
        }
        return code;
    }

    /** Null when {@code url} answered 200; otherwise what went wrong. */
    static String probe(String url) {
        HttpURLConnection c = null;
        try {
            URL parsed = URI.create(url).toURL();
            c = (HttpURLConnection) parsed.openConnection();
            c.setConnectTimeout(TIMEOUT_MS);
            c.setReadTimeout(TIMEOUT_MS);
            c.setRequestProperty("Accept", "application/json");
            int status = c.getResponseCode();
            // drain so the JVM exits without a half-read connection
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            return status == 200 ? null : "status " + status;
        } catch (IOException | IllegalArgumentException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }
}
