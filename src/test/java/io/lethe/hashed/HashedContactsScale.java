package io.lethe.hashed;

import io.lethe.erasure.ErasureDetector;
import io.lethe.erasure.ErasureRegistry;
import io.lethe.guard.ErasureRecords;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the records API costs at scale (a measurement, not a test): a full read, a change read from version 0 (what a
 * plug-in does when its first build ran before the registry opened), this detector's full build, and its rebuild
 * after one create, at 20,000 erasures.
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/cp.txt) io.lethe.hashed.HashedContactsScale</pre>
 */
public final class HashedContactsScale {

    private HashedContactsScale() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("lethe-hashed-scale");
        ErasureDetector erasures = new ErasureDetector();
        ErasureRegistry registry = new ErasureRegistry(dir.resolve("data"), "US", Map.of(), 5000, erasures::changed,
                Clock.systemUTC());
        erasures.attach(registry);
        erasures.onChange(() -> { });
        registry.start();
        try {
            var bulk = registry.bulk();
            List<byte[]> lines = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                lines.add(("{\"id\": \"p" + i + "\", \"subject\": {\"names\": [\"Person" + i + " Surname" + i
                        + "\"], \"emails\": [\"user" + i + "@bulk.example\"]}}").getBytes(StandardCharsets.UTF_8));
            }
            long t = System.nanoTime();
            bulk.lines(lines).join();
            bulk.finish().join();
            System.out.printf("bulk of 20000: %d ms%n", (System.nanoTime() - t) / 1_000_000);
            ErasureRecords records = registry.records();
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                int[] n = {0};
                long v = records.forEachActive(e -> n[0]++);
                long t1 = System.nanoTime();
                records.forEachChangedSince(0, e -> n[0]++);
                long t2 = System.nanoTime();
                HashedContactsDetector d = new HashedContactsDetector();
                d.build(HashedContactsStageContractTest.context(records));
                long t3 = System.nanoTime();
                registry.create(("{\"id\": \"one" + round + "\", \"subject\": {\"emails\": [\"one" + round
                        + "@x.org\"]}}").getBytes(StandardCharsets.UTF_8)).join();
                long t4 = System.nanoTime();
                d.build(HashedContactsStageContractTest.context(records));
                long t5 = System.nanoTime();
                System.out.printf("round %d: forEachActive %d ms, forEachChangedSince(0) %d ms, full build %d ms, "
                                + "create %d ms, build after one create %d us (%d visits, version %d)%n", round,
                        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000,
                        (t5 - t4) / 1_000, n[0], v);
            }
        } finally {
            registry.close();
        }
    }
}
