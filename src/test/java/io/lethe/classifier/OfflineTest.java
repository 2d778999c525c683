package io.lethe.classifier;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classifier's model and tokenizer load and run without opening a network connection: a fresh JVM
 * with a security manager that refuses connections (Java code: DJL's telemetry, model downloads) and,
 * where strace is installed, the same run traced for connect() system calls (native code too).
 */
class OfflineTest {

    static Process java(List<String> prefix, Path out) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Djava.security.manager=allow");
        cmd.add("-Dai.djl.offline=true");
        // log4j (on the test class path through Kafka) would resolve the host name; the app logs with JBoss
        // LogManager, so the probe logs with java.util.logging and only the model code is under test
        cmd.add("-Dorg.jboss.logging.provider=jdk");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(OfflineProbe.class.getName());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    @Test
    void loadingAndRunningTheBuiltInModelOpensNoConnection() throws Exception {
        Path out = Files.createTempFile("offline-probe", ".log");
        Process p = java(List.of(), out);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(log).as(log).contains("OFFLINE-OK");
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void noConnectSystemCallEvenFromNativeCode() throws Exception {
        File strace = new File("/usr/bin/strace");
        Assumptions.assumeTrue(strace.canExecute(), "strace is not installed: the native-code check is skipped "
                + "(the security-manager check still runs)");
        Path trace = Files.createTempFile("offline-strace", ".log");
        Path out = Files.createTempFile("offline-probe", ".log");
        Process p = java(List.of(strace.getPath(), "-f", "-qq", "-e", "trace=connect", "-o", trace.toString()), out);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(out, StandardCharsets.UTF_8);
        Assumptions.assumeFalse(log.contains("PTRACE_TRACEME") || log.contains("Operation not permitted"),
                "strace may not trace here (ptrace refused): " + log);
        assertThat(log).as(log).contains("OFFLINE-OK");
        List<String> connects = new ArrayList<>();
        for (String line : Files.readAllLines(trace)) {
            // the probe's own check connects to 127.0.0.1:9 only after the model ran, and is refused in Java
            // before any system call; any AF_INET/AF_INET6 connect here came from the model code
            if (line.contains("connect(") && (line.contains("AF_INET") || line.contains("AF_INET6"))) {
                connects.add(line);
            }
        }
        assertThat(connects).as("connect() calls to the network").isEmpty();
    }
}
