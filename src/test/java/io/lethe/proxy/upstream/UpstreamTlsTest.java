package io.lethe.proxy.upstream;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS to an https upstream (issue 14, item 5): a server with a certificate of a private CA is reached only when
 * that CA is configured; one that requires client certificates only with the configured client certificate.
 */
class UpstreamTlsTest {

    final Vertx vertx = Vertx.vertx();
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    /** A self-signed certificate and its key as PEM files, made with the JDK's keytool. */
    record Pem(String certificatePath, String privateKeyPath) {
        io.vertx.core.net.PemKeyCertOptions keyCertOptions() {
            return new io.vertx.core.net.PemKeyCertOptions().setCertPath(certificatePath).setKeyPath(privateKeyPath);
        }

        io.vertx.core.net.PemTrustOptions trustOptions() {
            return new io.vertx.core.net.PemTrustOptions().addCertPath(certificatePath);
        }
    }

    Pem selfSigned(String cn) throws Exception {
        java.nio.file.Path p12 = dir.resolve(cn + ".p12");
        Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", cn, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + cn,
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", p12.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(p12)) {
            ks.load(in, "changeit".toCharArray());
        }
        java.util.Base64.Encoder b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes());
        java.nio.file.Path cert = dir.resolve(cn + ".crt");
        java.nio.file.Path key = dir.resolve(cn + ".key");
        java.nio.file.Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n"
                + b64.encodeToString(ks.getCertificate(cn).getEncoded()) + "\n-----END CERTIFICATE-----\n");
        java.nio.file.Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + b64.encodeToString(ks.getKey(cn, "changeit".toCharArray()).getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        return new Pem(cert.toString(), key.toString());
    }

    Pem serverCert;
    Pem clientCert;

    @org.junit.jupiter.api.BeforeEach
    void certificates() throws Exception {
        serverCert = selfSigned("localhost");
        clientCert = selfSigned("lethe-gateway");
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    int serve(boolean requireClientCert) throws Exception {
        HttpServerOptions o = new HttpServerOptions().setSsl(true).setKeyCertOptions(serverCert.keyCertOptions());
        if (requireClientCert) {
            o.setClientAuth(ClientAuth.REQUIRED).setTrustOptions(clientCert.trustOptions());
        }
        HttpServer s = vertx.createHttpServer(o).requestHandler(r -> r.response().end("{\"data\":[]}"));
        return s.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    int get(int port, UpstreamSettings.Tls tls) {
        UpstreamSettings settings = new UpstreamSettings("tls", UpstreamSettings.parseUrl("tls", "https://localhost:" + port + "/v1"),
                Optional.empty(), List.of(), new UpstreamTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(10)), 4, tls);
        Upstream u = new Upstream(vertx, settings);
        try {
            return u.client().request(u.request(HttpMethod.GET, "/models")).compose(r -> r.send())
                    .map(r -> r.statusCode()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return -1;  // the handshake failed
        } finally {
            u.close();
        }
    }

    @Test
    void aPrivateCaIsTrustedOnlyWhenConfigured() throws Exception {
        int port = serve(false);
        assertThat(get(port, UpstreamSettings.Tls.DEFAULT)).as("not in the JVM's trust store").isEqualTo(-1);
        assertThat(get(port, new UpstreamSettings.Tls(Optional.of(serverCert.certificatePath()), Optional.empty(),
                Optional.empty()))).isEqualTo(200);
    }

    @Test
    void mutualTlsSendsTheConfiguredClientCertificate() throws Exception {
        int port = serve(true);
        Optional<String> ca = Optional.of(serverCert.certificatePath());
        assertThat(get(port, new UpstreamSettings.Tls(ca, Optional.empty(), Optional.empty()))).as("no client cert")
                .isEqualTo(-1);
        assertThat(get(port, new UpstreamSettings.Tls(ca, Optional.of(clientCert.certificatePath()),
                Optional.of(clientCert.privateKeyPath())))).isEqualTo(200);
    }
}
