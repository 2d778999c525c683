package io.lethe.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** The evidence key generated when none is configured: private from its first byte, the same at every start. */
class GeneratedKeyTest {

    @TempDir
    Path dir;

    @Test
    void theKeyFileIsCreatedOwnerOnlyAndKeptAcrossStarts() throws Exception {
        byte[] first = EvidenceWiring.generatedKey(dir.resolve("evidence"));
        Path p = dir.resolve("evidence").resolve("hmac.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-------");
        assertThat(new String(first, java.nio.charset.StandardCharsets.US_ASCII)).matches("[0-9a-f]{64}");
        assertThat(EvidenceWiring.generatedKey(dir.resolve("evidence"))).isEqualTo(first);
        assertThat(EvidenceWiring.generatedKey(dir.resolve("other"))).isNotEqualTo(first);
    }
}
