package io.lethe.proxy.upstream;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One upstream, validated: a bad URL stops start-up with the upstream's name and the reason.
 *
 * @param name           {@code default} or the key under {@code lethe.upstreams}
 * @param baseUrl        OpenAI-compatible base, e.g. {@code http://127.0.0.1:8000/v1} (no trailing slash)
 * @param apiKey         sent as {@code Authorization: Bearer}, if present
 * @param models         models routed here (empty for the default upstream, which serves everything else)
 * @param timeouts       timeouts
 * @param maxConnections HTTP/1.1 pool size
 * @param badWords       add the names of erased subjects a request's messages name to its {@code bad_words}
 *                       (vLLM's sampling parameter), so the model is steered away from them; only for
 *                       upstreams that understand it ({@code lethe.upstream.bad-words},
 *                       {@code lethe.upstreams.<name>.bad-words}; off by default)
 * @param maxConcurrent  requests in flight to this upstream at most (streams for their whole length); beyond it a
 *                       request is answered 503 {@code upstream_busy} with {@code Retry-After} at once, not queued
 *                       behind the connection pool; 0: no bound but the pool's
 */
public record UpstreamSettings(String name, URI baseUrl, Optional<String> apiKey, List<String> models,
                               UpstreamTimeouts timeouts, int maxConnections, Tls tls, boolean badWords,
                               int maxConcurrent) {

    /** Never the API key. */
    @Override
    public String toString() {
        return "UpstreamSettings[name=" + name + ", baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isPresent() ? "set" : "none")
                + ", models=" + models + ", timeouts=" + timeouts + ", maxConnections=" + maxConnections
                + ", badWords=" + badWords + ", maxConcurrent=" + maxConcurrent + "]";
    }

    public UpstreamSettings(String name, URI baseUrl, Optional<String> apiKey, List<String> models,
                            UpstreamTimeouts timeouts, int maxConnections, Tls tls, boolean badWords) {
        this(name, baseUrl, apiKey, models, timeouts, maxConnections, tls, badWords, 0);
    }

    public UpstreamSettings(String name, URI baseUrl, Optional<String> apiKey, List<String> models,
                            UpstreamTimeouts timeouts, int maxConnections, Tls tls) {
        this(name, baseUrl, apiKey, models, timeouts, maxConnections, tls, false);
    }

    /**
     * TLS to an {@code https} upstream beyond the JVM's trust store: a CA (PEM) to trust, and a client
     * certificate and key (PEM) for mutual TLS. Paths are checked at start.
     */
    public record Tls(Optional<String> caFile, Optional<String> certFile, Optional<String> keyFile) {
        public static final Tls DEFAULT = new Tls(Optional.empty(), Optional.empty(), Optional.empty());

        public Tls {
            caFile = caFile == null ? Optional.empty() : caFile;
            certFile = certFile == null ? Optional.empty() : certFile;
            keyFile = keyFile == null ? Optional.empty() : keyFile;
            if (certFile.isPresent() != keyFile.isPresent()) {
                throw new IllegalArgumentException("upstream TLS: cert-file and key-file go together (mutual TLS)");
            }
            for (Optional<String> f : List.of(caFile, certFile, keyFile)) {
                if (f.isPresent() && !java.nio.file.Files.isReadable(java.nio.file.Path.of(f.get()))) {
                    throw new IllegalArgumentException("upstream TLS: cannot read " + f.get());
                }
            }
        }
    }

    public UpstreamSettings(String name, URI baseUrl, Optional<String> apiKey, List<String> models,
                            UpstreamTimeouts timeouts, int maxConnections) {
        this(name, baseUrl, apiKey, models, timeouts, maxConnections, Tls.DEFAULT);
    }

    public UpstreamSettings {
        tls = tls == null ? Tls.DEFAULT : tls;
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(timeouts, "timeouts");
        apiKey = apiKey == null ? Optional.empty() : apiKey.filter(k -> !k.isBlank());
        models = models == null ? List.of() : List.copyOf(models);
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("upstream '" + name + "': url must be http or https, got '"
                    + safe(baseUrl) + "'");
        }
        if (baseUrl.getHost() == null || baseUrl.getHost().isEmpty()) {
            throw new IllegalArgumentException("upstream '" + name + "': url has no host: '" + safe(baseUrl) + "'");
        }
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("upstream '" + name + "': url must not have a query or fragment");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("upstream '" + name + "': max-connections must be >= 1");
        }
        if (maxConcurrent < 0) {
            throw new IllegalArgumentException("upstream '" + name + "': max-concurrent must be 0 (no bound) or positive");
        }
    }

    /** Parses a configured URL, trimming trailing slashes so paths can be appended. */
    public static URI parseUrl(String name, String url) {
        String u = url == null ? "" : url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        try {
            return new URI(u);
        } catch (Exception e) {
            throw new IllegalArgumentException("upstream '" + name + "': url is not a valid URI");
        }
    }

    public boolean https() {
        return baseUrl.getScheme().equalsIgnoreCase("https");
    }

    public int port() {
        return baseUrl.getPort() > 0 ? baseUrl.getPort() : https() ? 443 : 80;
    }

    /** The base path without trailing slash ({@code /v1}), possibly empty. */
    public String basePath() {
        String p = baseUrl.getRawPath();
        return p == null ? "" : p;
    }

    /** The URL for logs, health and errors: never the user-info part (it may hold credentials). */
    public String displayUrl() {
        return safe(baseUrl);
    }

    private static String safe(URI u) {
        if (u.getRawUserInfo() == null) {
            return u.toString();
        }
        return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "")
                + (u.getRawPath() == null ? "" : u.getRawPath());
    }
}
