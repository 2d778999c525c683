package io.lethe.evidence.kafka;

import io.lethe.evidence.ChainVerifier;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The verifier command: checks every instance's chain in a spool folder or a Kafka topic.
 *
 * <pre>
 * deploy/verify-evidence.sh --spool data/evidence
 * deploy/verify-evidence.sh --kafka 127.0.0.1:9092 [--topic lethe.leak-evidence]
 * </pre>
 * Exit status: 0 every chain verifies, 1 problems found (listed), 2 bad usage or unreadable source.
 */
public final class VerifyEvidence {

    private VerifyEvidence() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
        String spool = null;
        String kafka = null;
        String topic = "lethe.leak-evidence";
        long timeoutSeconds = 60;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--spool" -> { spool = v; i++; }
                case "--kafka" -> { kafka = v; i++; }
                case "--topic" -> { topic = v; i++; }
                case "--timeout" -> { timeoutSeconds = Long.parseLong(v); i++; }
                default -> {
                    err.println("unknown argument " + a);
                    return usage(err);
                }
            }
        }
        if ((spool == null) == (kafka == null)) {
            return usage(err);
        }
        ChainVerifier verifier = new ChainVerifier();
        try {
            if (spool != null) {
                verifier.addSpool(Path.of(spool));
            } else {
                KafkaEvidenceReader.readInto(verifier, kafka, topic, Duration.ofSeconds(timeoutSeconds));
            }
        } catch (Exception e) {
            err.println("cannot read the evidence: " + e);
            return 2;
        }
        ChainVerifier.Report r = verifier.verify();
        out.print(r.describe());
        return r.ok() ? 0 : 1;
    }

    private static int usage(java.io.PrintStream err) {
        err.println("usage: VerifyEvidence (--spool <lethe.data.dir>/evidence | --kafka <bootstrap servers> "
                + "[--topic lethe.leak-evidence]) [--timeout seconds]");
        return 2;
    }
}
