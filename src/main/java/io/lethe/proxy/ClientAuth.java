package io.lethe.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Who a client request runs as (API.md, "Client authentication"): an {@code Authorization: Bearer} key listed
 * for a tenant ({@code lethe.tenants.<tenant>.api-keys}) runs as that tenant; the admin token may call the
 * guard API for any tenant; without a credential the request runs as tenant {@value #DEFAULT_TENANT} only when
 * {@code lethe.auth.anonymous=true}, else it is refused (401), as is a wrong one. A gateway with anonymous access
 * and no client key or issuer at all is a pass-through: any other {@code Authorization} is the client's own
 * key for the upstream (forwarded when no upstream key is configured) and runs as {@value #DEFAULT_TENANT}.
 * With keys or an issuer configured, a value that is none of them is refused in both modes (a mistyped
 * gateway key must not reach the upstream). A gateway key or the admin token is never forwarded. The admin token outside the guard API is refused in every mode. Keys are held as SHA-256
 * hashes, never as given, and never logged. Immutable; any thread.
 */
public final class ClientAuth {

    /** The tenant of anonymous requests. */
    public static final String DEFAULT_TENANT = "default";

    /**
     * An authenticated caller.
     *
     * @param tenant       the tenant the request runs as
     * @param anyTenant    whether the caller may scan for another tenant (the admin token)
     * @param credential   an id of the credential for logs and limits: {@code key:<8 hex of its hash>},
     *                     {@code admin} or {@code anonymous}
     * @param roles        the credential's client roles (a key's in the keys file or its tenant's
     *                     {@code lethe.tenants.<t>.roles}, a JWT's {@code groups}); the admin token holds every role
     */
    public record Principal(String tenant, boolean anyTenant, String credential, java.util.Set<String> roles) {

        public Principal {
            roles = roles == null ? java.util.Set.of() : java.util.Set.copyOf(roles);
        }

        public Principal(String tenant, boolean anyTenant, String credential) {
            this(tenant, anyTenant, credential, null);
        }

        /** Whether this caller holds {@code role}; a null role is held by everyone (no role is required). */
        public boolean holds(String role) {
            return role == null || credential.equals("admin") || roles.contains(role);
        }

        /** Whether the request's {@code Authorization} is a gateway credential (never sent upstream). */
        public boolean gatewayCredential() {
            return !credential.equals("anonymous");
        }
    }

    /** Why a request was refused: no credential, or one that is not valid here. */
    public static final class Unauthorized extends Exception {
        private final boolean missing;

        Unauthorized(boolean missing) {
            super(missing ? "no credential" : "invalid credential", null, false, false);
            this.missing = missing;
        }

        public boolean missing() {
            return missing;
        }
    }

    /**
     * Verifies a JWT bearer token and says who it names ({@code lethe.auth.jwt.*}, implemented by the
     * composition root). A token it cannot verify (signature, issuer, expiry, no tenant claim) is refused.
     */
    @FunctionalInterface
    public interface TokenVerifier {
        /** The caller the token names; {@link Unauthorized} when it is not valid here. */
        Principal verify(String token) throws Unauthorized;
    }

    private final Map<String, String> tenantByKeyHash;
    private final String adminHash;
    private final boolean anonymous;
    private final TokenVerifier jwt;
    /** Keys from {@link KeyFile}: added, rotated and revoked without a restart. */
    private volatile KeyFile keyFile;

    /**
     * A file of client keys, one per line: {@code <tenant> <key>} or {@code <tenant> sha256:<hex of the key>}
     * (so the file need not hold the key itself); {@code #} starts a comment. Read again every {@code checkEvery}
     * by a daemon thread of its own (never on a request's event loop) and taken when its content changed; a
     * file that cannot be read or parsed keeps the keys read before (and is logged), so a half-written edit
     * locks nobody out.
     */
    public static final class KeyFile {
        private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(KeyFile.class);
        private final java.nio.file.Path path;
        private volatile Map<String, Principal> byHash = Map.of();
        /** SHA-256 of the file's bytes when last read. */
        private volatile String contentHash;

        /** @param checkEvery how often the file is read again; zero: only by {@link #reload()} */
        public KeyFile(java.nio.file.Path path, java.time.Duration checkEvery) {
            this.path = path;
            reload();
            if (!checkEvery.isZero() && !checkEvery.isNegative()) {
                java.util.concurrent.ScheduledExecutorService s = java.util.concurrent.Executors
                        .newSingleThreadScheduledExecutor(r -> {
                            Thread t = new Thread(r, "lethe-keys-file");
                            t.setDaemon(true);
                            return t;
                        });
                s.scheduleWithFixedDelay(this::reload, checkEvery.toMillis(), checkEvery.toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }

        /** The tenant and roles of a key hash, from the keys read last (the credential id is left to the caller). */
        Principal entry(String keyHash) {
            return byHash.get(keyHash);
        }

        int size() {
            return byHash.size();
        }

        /** Reads the file again now, taking it if its content changed. */
        public synchronized void reload() {
            try {
                // compared by content, not timestamps: an edit within one timestamp tick counts too
                byte[] bytes = java.nio.file.Files.readAllBytes(path);
                String digest = hash(new String(bytes, StandardCharsets.ISO_8859_1));
                if (digest.equals(contentHash)) {
                    return;
                }
                Map<String, Principal> next = new HashMap<>();
                int n = 0;
                for (String line : new String(bytes, StandardCharsets.UTF_8).split("\\R")) {
                    n++;
                    String l = line.strip();
                    if (l.isEmpty() || l.startsWith("#")) {
                        continue;
                    }
                    String[] f = l.split("\\s+");
                    if (f.length != 2 && !(f.length == 3 && f[2].startsWith("roles="))) {
                        throw new IllegalArgumentException("line " + n + ": expected '<tenant> <key>' or '<tenant> sha256:<hex>'"
                                + ", optionally followed by 'roles=<role>,<role>'");
                    }
                    java.util.Set<String> roles = f.length == 3 ? roles(f[2].substring(6)) : java.util.Set.of();
                    String h = f[1].startsWith("sha256:") ? f[1].substring(7).toLowerCase(java.util.Locale.ROOT) : hash(f[1]);
                    if (!h.matches("[0-9a-f]{64}")) {
                        throw new IllegalArgumentException("line " + n + ": a sha256: key needs 64 hex digits");
                    }
                    Principal prev = next.putIfAbsent(h, new Principal(f[0], false, "", roles));
                    if (prev != null && prev.tenant().equals(f[0]) && !prev.roles().equals(roles)) {
                        throw new IllegalArgumentException("line " + n + ": a key is listed twice with different roles");
                    }
                    if (prev != null && !prev.tenant().equals(f[0])) {
                        throw new IllegalArgumentException("line " + n + ": a key is listed by two tenants");
                    }
                }
                byHash = Map.copyOf(next);
                contentHash = digest;
                LOG.infof("client keys: %d key(s) read from %s", next.size(), path);
            } catch (java.io.IOException | IllegalArgumentException e) {
                // the message names a line number, never a key
                LOG.errorf("client keys: %s not read, the keys read before stay in force: %s", path, e.getMessage());
            }
        }
    }

    /** Hashes of the named admin tokens: never a client credential, never forwarded upstream. */
    private volatile java.util.Set<String> otherAdminHashes = java.util.Set.of();

    /** The named admin tokens ({@code lethe.admin.tokens.*}): refused on client routes like the admin token. */
    public ClientAuth withAdminTokens(java.util.Collection<String> tokens) {
        java.util.Set<String> h = new java.util.HashSet<>();
        for (String t : tokens) {
            if (t != null && !t.isBlank()) {
                h.add(hash(t.trim()));
            }
        }
        this.otherAdminHashes = java.util.Set.copyOf(h);
        return this;
    }

    /** Roles of the configured keys, per tenant ({@code lethe.tenants.<tenant>.roles}). */
    private volatile Map<String, java.util.Set<String>> rolesByTenant = Map.of();
    /** The role {@code /v1/guard/scan} requires, or null: any client credential scans (API.md). */
    private volatile String scanRole;
    /** The role that sees erasure ids in findings, or null: every caller does (API.md). */
    private volatile String erasureIdsRole;

    /** Roles of the keys configured per tenant (not of the keys file, whose lines carry their own). */
    public ClientAuth withTenantRoles(Map<String, ? extends java.util.Collection<String>> roles) {
        Map<String, java.util.Set<String>> m = new HashMap<>();
        roles.forEach((t, r) -> m.put(t, java.util.Set.copyOf(r)));
        this.rolesByTenant = Map.copyOf(m);
        return this;
    }

    /**
     * Opt-in restrictions beyond API.md's defaults ({@code lethe.auth.scan-role}, {@code lethe.auth.erasure-ids-role}).
     *
     * @param scanRole       the role {@code /v1/guard/scan} requires (403 without it), or null for any credential
     * @param erasureIdsRole the role that sees {@code erasure_id} in findings (others see null), or null for all
     */
    public ClientAuth withRoles(String scanRole, String erasureIdsRole) {
        this.scanRole = blankToNull(scanRole);
        this.erasureIdsRole = blankToNull(erasureIdsRole);
        return this;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The role the guard API requires, or null when any client credential may scan. */
    public String scanRole() {
        return scanRole;
    }

    /** Whether {@code caller} may call {@code /v1/guard/scan}. */
    public boolean mayScan(Principal caller) {
        return caller == null || caller.holds(scanRole);
    }

    /** Whether findings shown to {@code caller} (scan answers, the {@code guard} object) carry erasure ids. */
    public boolean seesErasureIds(Principal caller) {
        return caller == null ? erasureIdsRole == null : caller.holds(erasureIdsRole);
    }

    /** Parses {@code a,b,c} into roles (blank parts dropped). */
    static java.util.Set<String> roles(String list) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (String r : list.split(",")) {
            if (!r.isBlank()) {
                out.add(r.strip());
            }
        }
        return java.util.Set.copyOf(out);
    }

    /** Client keys also come from this file (see {@link KeyFile}). */
    public ClientAuth withKeyFile(KeyFile file) {
        this.keyFile = file;
        return this;
    }

    /**
     * @param tenantsByKey client API key → tenant
     * @param adminToken   the admin token (may scan for any tenant), or null
     * @param anonymous    whether a request without a credential runs as {@value #DEFAULT_TENANT}
     */
    public ClientAuth(Map<String, String> tenantsByKey, String adminToken, boolean anonymous) {
        this(tenantsByKey, adminToken, anonymous, null);
    }

    /** @param jwt verifies JWT bearer tokens, or null when no issuer is configured */
    public ClientAuth(Map<String, String> tenantsByKey, String adminToken, boolean anonymous, TokenVerifier jwt) {
        this.jwt = jwt;
        Map<String, String> m = new HashMap<>();
        tenantsByKey.forEach((k, t) -> m.put(hash(k.trim()), t));
        this.tenantByKeyHash = Map.copyOf(m);
        this.adminHash = adminToken == null || adminToken.isBlank() ? null : hash(adminToken.trim());
        this.anonymous = anonymous;
    }

    /** Anonymous access with no keys: for a bare proxy and tests that do not set up credentials. */
    public static ClientAuth open() {
        return new ClientAuth(Map.of(), null, true);
    }

    public boolean anonymous() {
        return anonymous;
    }

    /** How many client keys are configured. */
    public int keys() {
        KeyFile file = keyFile;
        return tenantByKeyHash.size() + (file == null ? 0 : file.size());
    }

    /**
     * The caller of a request.
     *
     * @param authorization the {@code Authorization} header, or null
     * @param adminAllowed  whether the admin token is a credential on this route (the guard API)
     * @throws Unauthorized when there is no credential (and anonymous access is off) or a wrong one
     */
    public Principal authenticate(String authorization, boolean adminAllowed) throws Unauthorized {
        if (authorization == null || authorization.isBlank()) {
            if (anonymous) {
                return new Principal(DEFAULT_TENANT, false, "anonymous");
            }
            throw new Unauthorized(true);
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.substring(7).isBlank()) {
            if (passThrough()) {
                return new Principal(DEFAULT_TENANT, false, "anonymous");
            }
            throw new Unauthorized(false);
        }
        String h = hash(authorization.substring(7).trim());
        String tenant = tenantByKeyHash.get(h);
        if (tenant != null) {
            return new Principal(tenant, false, "key:" + h.substring(0, 8), rolesByTenant.get(tenant));
        }
        KeyFile file = keyFile;
        Principal listed = file == null ? null : file.entry(h);
        if (listed != null) {
            return new Principal(listed.tenant(), false, "key:" + h.substring(0, 8), listed.roles());
        }
        if (jwt != null && looksLikeJwt(authorization, 7)) {
            return jwt.verify(authorization.substring(7).trim());  // a token in our issuer's shape is ours to judge
        }
        if (otherAdminHashes.contains(h)) {
            throw new Unauthorized(false);  // an admin credential, not a client one: never served, never forwarded
        }
        if (h.equals(adminHash)) {
            if (adminAllowed) {
                return new Principal(DEFAULT_TENANT, true, "admin");
            }
            throw new Unauthorized(false);  // the admin token is no client credential, and never goes upstream
        }
        if (passThrough()) {
            return new Principal(DEFAULT_TENANT, false, "anonymous");
        }
        throw new Unauthorized(false);
    }

    /** Three base64url parts separated by dots (a JWS compact serialization). */
    static boolean looksLikeJwt(String s, int from) {
        int dots = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == ' ')) {
                return false;
            }
        }
        return dots == 2;
    }

    /** Anonymous access with no gateway credential configured: other credentials are the client's own. */
    private boolean passThrough() {
        return anonymous && tenantByKeyHash.isEmpty() && jwt == null && keyFile == null;
    }

    /** Whether checking this credential may block (a JWT whose issuer's key set may have to be fetched). */
    public boolean mayBlock(String authorization) {
        return jwt != null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && looksLikeJwt(authorization, 7);
    }

    /** Whether JWT bearer tokens are accepted. */
    public boolean jwt() {
        return jwt != null;
    }

    /** Refuses a credential: for {@link TokenVerifier} implementations. */
    public static Unauthorized invalid() {
        return new Unauthorized(false);
    }

    private static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
