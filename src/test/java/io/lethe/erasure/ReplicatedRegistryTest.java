package io.lethe.erasure;

import io.lethe.guard.Finding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry's side of cluster mode, with the log as a list in memory (one partition) and each replica's
 * reader played by the test: the order of appends and applies is the test's to choose, which a real broker
 * cannot give. What Kafka itself does (acks, compaction, reading back after a restart) is tested against a real
 * broker in {@code io.lethe.erasure.cluster.ClusterReplicationIT}; here: conflicts decided by log order, the
 * record compaction keeps, compiles deferred while a reader is behind, tombstones, positions after a restart.
 */
class ReplicatedRegistryTest {

    @TempDir
    Path dir;

    /** The log: entries in order, appended by any registry. */
    static final class ListLog implements ErasureLog {
        final List<Entry> entries = new ArrayList<>();
        final String origin;
        final ListLog shared;
        boolean down;

        ListLog(String origin, ListLog shared) {
            this.origin = origin;
            this.shared = shared == null ? this : shared;
        }

        @Override
        public CompletableFuture<Position> append(Append a) {
            if (shared.down) {
                return CompletableFuture.failedFuture(new LogUnavailableException("log down", null));
            }
            synchronized (shared.entries) {
                long off = shared.entries.size();
                shared.entries.add(new Entry(0, off, a.id(), a.value(), a.requestHash(), a.writeId(), origin, a.bulkId(), a.line(), null));
                shared.entries.notifyAll();
                return CompletableFuture.completedFuture(new Position(0, off));
            }
        }

        @Override
        public CompletableFuture<Position> endBulk(String bulkId) {
            synchronized (shared.entries) {
                long off = shared.entries.size();
                shared.entries.add(new Entry(0, off, "\u0000control:" + bulkId, null, null, null, origin, bulkId, 0, BULK_END));
                shared.entries.notifyAll();
                return CompletableFuture.completedFuture(new Position(0, off));
            }
        }

        @Override
        public String origin() {
            return origin;
        }

        int size() {
            synchronized (shared.entries) {
                return shared.entries.size();
            }
        }

        void awaitSize(int n) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            synchronized (shared.entries) {
                while (shared.entries.size() < n) {
                    long left = until - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("log has " + shared.entries.size() + " entries, expected " + n);
                    }
                    shared.entries.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                }
            }
        }

        /** The value per key that compaction would keep: the last record of each key. */
        Map<String, String> compacted() {
            Map<String, String> out = new LinkedHashMap<>();
            synchronized (shared.entries) {
                for (Entry e : shared.entries) {
                    if (e.control() != null) {
                        continue;
                    }
                    if (e.value() == null) {
                        out.remove(e.id());
                    } else {
                        out.put(e.id(), new String(e.value(), StandardCharsets.UTF_8));
                    }
                }
            }
            return out;
        }
    }

    final List<ErasureRegistry> open = new ArrayList<>();
    final Map<ErasureRegistry, Integer> readTo = new HashMap<>();

    @AfterEach
    void close() {
        open.forEach(ErasureRegistry::close);
    }

    ErasureRegistry replica(String name, ListLog log, int deltaMax) {
        ErasureRegistry r = new ErasureRegistry(dir.resolve(name), "US", Map.of(), deltaMax, s -> { }, Clock.systemUTC());
        r.replicate(log, Duration.ofSeconds(10));
        r.start();
        open.add(r);
        readTo.put(r, r.logPositions().next().getOrDefault(0, 0L).intValue());
        return r;
    }

    /** The replica's reader: applies what it has not read yet, in batches of {@code batch}. */
    void pump(ErasureRegistry r, ListLog log, int batch) {
        pump(r, log, batch, readTo.get(r));
    }

    void pump(ErasureRegistry r, ListLog log, int batch, int from) {
        List<ErasureLog.Entry> all;
        synchronized (log.shared.entries) {
            all = new ArrayList<>(log.shared.entries);
        }
        while (from < all.size()) {
            int to = Math.min(all.size(), from + batch);
            r.applyFromLog(all.subList(from, to), Map.of(0, (long) to), "topic-1", to < all.size()).join();
            from = to;
        }
        readTo.put(r, from);
    }

    static byte[] person(String id, String name) {
        return ("{\"id\":\"" + id + "\",\"subject\":{\"names\":[\"" + name + "\"]}}").getBytes(StandardCharsets.UTF_8);
    }

    static List<Finding> scan(ErasureRegistry r, String text) {
        return ErasureRegistryTest.scan(r.stage(), text, null, null);
    }

    @Test
    void aCreateAnswersOnlyOnceTheReplicaEnforcesItAndTheOtherReplicaEnforcesItAfterReading() throws Exception {
        ListLog log = new ListLog("a", null);
        ListLog logB = new ListLog("b", log);
        ErasureRegistry a = replica("a", log, 100);
        ErasureRegistry b = replica("b", logB, 100);
        CompletableFuture<ErasureRegistry.Created> created = a.create(person("p1", "Ingrid Solvang"));
        log.awaitSize(1);
        Thread.sleep(50);
        assertThat(created).isNotDone();
        assertThat(scan(a, "Ingrid Solvang called")).isEmpty();
        pump(a, log, 100);
        assertThat(created.get(5, TimeUnit.SECONDS).isNew()).isTrue();
        assertThat(scan(a, "Ingrid Solvang called")).hasSize(1);
        assertThat(scan(b, "Ingrid Solvang called")).isEmpty();
        pump(b, logB, 100);
        assertThat(scan(b, "Ingrid Solvang called")).hasSize(1);
        assertThat(b.get("p1").createdAt()).isEqualTo(a.get("p1").createdAt());
    }

    @Test
    void racingCreatesOfOneIdAreDecidedByLogOrderAndTheLoserRestoresTheWinnerForCompaction() throws Exception {
        ListLog log = new ListLog("a", null);
        ListLog logB = new ListLog("b", log);
        ErasureRegistry a = replica("a", log, 100);
        ErasureRegistry b = replica("b", logB, 100);
        CompletableFuture<ErasureRegistry.Created> first = a.create(person("same", "Winner Body"));
        log.awaitSize(1);
        CompletableFuture<ErasureRegistry.Created> second = b.create(person("same", "Loser Body"));
        log.awaitSize(2);
        pump(a, log, 100);
        pump(b, logB, 100);
        assertThat(first.get(5, TimeUnit.SECONDS).isNew()).isTrue();
        assertThatThrownBy(second::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(ErasureRegistry.ConflictException.class);
        // b appended the winner's record again, so the record compaction keeps is the one both applied
        log.awaitSize(3);
        assertThat(log.compacted().get("same")).contains("Winner Body");
        pump(a, log, 100);
        pump(b, logB, 100);
        assertThat(scan(a, "Winner Body")).hasSize(1);
        assertThat(scan(b, "Winner Body")).hasSize(1);
        assertThat(scan(b, "Loser Body")).isEmpty();
    }

    @Test
    void aRetirementIsARecordAndAReplicaReadingOnlyTheCompactedLogStoresItRetired() throws Exception {
        ListLog log = new ListLog("a", null);
        ErasureRegistry a = replica("a", log, 100);
        CompletableFuture<ErasureRegistry.Created> c = a.create(person("r1", "Retiring Person"));
        log.awaitSize(1);
        pump(a, log, 100);
        c.join();
        CompletableFuture<Erasure> retired = a.retire("r1");
        log.awaitSize(2);
        pump(a, log, 100);
        assertThat(retired.join().status()).isEqualTo(Erasure.RETIRED);
        assertThat(scan(a, "Retiring Person")).isEmpty();
        // a new replica after compaction sees only the last record of the key: the retired one
        ListLog compactedLog = new ListLog("c", null);
        ListLog.class.cast(compactedLog).entries.add(log.entries.get(1));
        ErasureRegistry fresh = replica("fresh", compactedLog, 100);
        pump(fresh, compactedLog, 100);
        assertThat(fresh.get("r1").status()).isEqualTo(Erasure.RETIRED);
        assertThat(scan(fresh, "Retiring Person")).isEmpty();
        // a tombstone removes it
        log.append(new ErasureLog.Append("r1", null, null, null, null, 0));
        pump(a, log, 100);
        assertThatThrownBy(() -> a.get("r1")).isInstanceOf(ErasureRegistry.NotFoundException.class);
    }

    @Test
    void aBulkIsCompiledOnceAtItsEndMarkerWhileSingleCreatesMeanwhileAreEnforcedAtOnce() throws Exception {
        ListLog log = new ListLog("a", null);
        ErasureRegistry a = replica("a", log, 50);
        ErasureRegistry.BulkImport bulk = a.bulk();
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            lines.add(person("b" + i, "Bulkname Person" + i));
        }
        bulk.lines(lines).join();
        log.awaitSize(400);
        List<ErasureLog.Entry> all = new ArrayList<>(log.entries);
        // lines read, no end marker yet: applied to the index, not compiled, positions not enforced
        a.applyFromLog(all.subList(0, 100), Map.of(0, 100L), "topic-1", false).join();
        a.applyFromLog(all.subList(100, 400), Map.of(0, 400L), "topic-1", false).join();
        assertThat(a.compileDeferred()).isTrue();
        assertThat(scan(a, "Bulkname Person5 wrote")).isEmpty();
        assertThat(a.enforced(Map.of(0, 399L))).isNotDone();
        // a single create read meanwhile is compiled and answered at once
        CompletableFuture<ErasureRegistry.Created> single = a.create(person("single", "Solitary Create"));
        log.awaitSize(401);
        pump(a, log, 1000, 400);
        assertThat(single.get(5, TimeUnit.SECONDS).isNew()).isTrue();
        assertThat(scan(a, "Solitary Create here")).hasSize(1);
        assertThat(a.compileDeferred()).isTrue();
        // the marker closes the bulk: compiled, and the call answers
        CompletableFuture<ErasureRegistry.BulkResult> done = bulk.finish();
        log.awaitSize(402);
        assertThat(log.entries.get(401).control()).isEqualTo(ErasureLog.BULK_END);
        pump(a, log, 1000, 401);
        assertThat(a.compileDeferred()).isFalse();
        assertThat(done.get(5, TimeUnit.SECONDS).accepted()).isEqualTo(400);
        assertThat(scan(a, "Bulkname Person5 wrote")).hasSize(1);
        assertThat(scan(a, "Bulkname Person399 wrote")).hasSize(1);
        assertThat(scan(a, "Solitary Create here")).hasSize(1);
    }

    @Test
    void aBulkWhoseMarkerNeverComesIsCompiledAfterAQuietPeriod() throws Exception {
        ListLog log = new ListLog("a", null);
        ErasureRegistry a = replica("a", log, 50);
        ErasureRegistry.BulkImport bulk = a.bulk();
        bulk.lines(List.of(person("orphan", "Orphaned Bulkline"))).join();
        log.awaitSize(1);
        pump(a, log, 100);
        assertThat(scan(a, "Orphaned Bulkline here")).isEmpty();
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(ErasureRegistry.BULK_QUIET_NANOS) + 100);
        a.applyFromLog(List.of(), Map.of(0, 1L), "topic-1", false).join();
        assertThat(scan(a, "Orphaned Bulkline here")).hasSize(1);
        assertThat(a.compileDeferred()).isFalse();
    }

    @Test
    void aTombstoneAndARecreateOfOneIdInOneBatchLeaveTheRecreatedRecord() {
        ListLog log = new ListLog("a", null);
        ErasureRegistry a = replica("a", log, 100);
        String first = "{\"id\":\"x\",\"status\":\"active\",\"subject\":{\"names\":[\"First Body\"]},\"created_at\":\"2026-01-01T00:00:00Z\"}";
        String second = first.replace("First Body", "Second Body");
        List<ErasureLog.Entry> batch = List.of(
                new ErasureLog.Entry(0, 0, "x", first.getBytes(StandardCharsets.UTF_8), "h1", null, "o", null, 0, null),
                new ErasureLog.Entry(0, 1, "x", null, null, null, "o", null, 0, null),
                new ErasureLog.Entry(0, 2, "x", second.getBytes(StandardCharsets.UTF_8), "h2", null, "o", null, 0, null));
        a.applyFromLog(batch, Map.of(0, 3L), "topic-1", false).join();
        assertThat(a.get("x").subject().names()).containsExactly("Second Body");
        assertThat(scan(a, "Second Body here")).hasSize(1);
        assertThat(scan(a, "First Body here")).isEmpty();
        // and across batches: the record in the index is replaced by the tombstone, then created again
        a.applyFromLog(List.of(new ErasureLog.Entry(0, 3, "x", null, null, null, "o", null, 0, null),
                new ErasureLog.Entry(0, 4, "x", first.getBytes(StandardCharsets.UTF_8), "h1", null, "o", null, 0, null)),
                Map.of(0, 5L), "topic-1", false).join();
        assertThat(a.get("x").subject().names()).containsExactly("First Body");
        assertThat(a.list(null, 10, null).data()).hasSize(1);
    }

    @Test
    void aRepeatOfARecordStillInAnOpenBulkIsAnsweredOnlyOnceItIsEnforced() throws Exception {
        ListLog log = new ListLog("a", null);
        ErasureRegistry a = replica("a", log, 100);
        ErasureRegistry.BulkImport bulk = a.bulk();
        bulk.lines(List.of(person("in-bulk", "Pending Bulkperson"))).join();
        log.awaitSize(1);
        pump(a, log, 100);
        assertThat(scan(a, "Pending Bulkperson here")).as("applied, not compiled: the bulk is open").isEmpty();
        CompletableFuture<ErasureRegistry.Created> repeat = a.create(person("in-bulk", "Pending Bulkperson"));
        Thread.sleep(100);
        assertThat(repeat).as("a 200 now would promise enforcement this replica does not give yet").isNotDone();
        CompletableFuture<ErasureRegistry.BulkResult> done = bulk.finish();
        log.awaitSize(2);
        pump(a, log, 100);
        assertThat(repeat.get(5, TimeUnit.SECONDS).isNew()).isFalse();
        assertThat(scan(a, "Pending Bulkperson here")).hasSize(1);
        done.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aTombstonedRecordStaysGoneAfterARestartWhenTheMatcherSnapshotHeldIt() throws Exception {
        ListLog log = new ListLog("a", null);
        ErasureRegistry a = replica("a", log, 1);
        for (int i = 0; i < 3; i++) {
            CompletableFuture<ErasureRegistry.Created> c = a.create(person("t" + i, "Tombstoned Person" + i));
            log.awaitSize(i + 1);
            pump(a, log, 100);
            c.join();
        }
        // the delta bound (1) made the base, and its snapshot, hold all three
        log.append(new ErasureLog.Append("t2", null, null, null, null, 0));
        pump(a, log, 100);
        assertThat(scan(a, "Tombstoned Person2 here")).isEmpty();
        a.close();
        open.remove(a);
        ErasureRegistry again = replica("a", log, 1);
        assertThat(scan(again, "Tombstoned Person2 here")).as("not brought back by the snapshot").isEmpty();
        assertThat(scan(again, "Tombstoned Person1 here")).hasSize(1);
    }

    @Test
    void positionsAreCommittedWithTheRecordsAndReadBackAfterARestart() throws Exception {
        ListLog log = new ListLog("a", null);
        ErasureRegistry a = replica("a", log, 100);
        for (int i = 0; i < 3; i++) {
            CompletableFuture<ErasureRegistry.Created> c = a.create(person("k" + i, "Kept Person" + i));
            log.awaitSize(i + 1);
            pump(a, log, 100);
            c.join();
        }
        a.close();
        open.remove(a);
        ErasureRegistry again = replica("a", log, 100);
        ErasureRegistry.LogPositions at = again.logPositions();
        assertThat(at.topicId()).isEqualTo("topic-1");
        assertThat(at.next()).containsEntry(0, 3L);
        assertThat(scan(again, "Kept Person2 came")).hasSize(1);
    }

    @Test
    void aWriteTheLogRefusesIsNeverAppliedAndAnswersUnavailable() {
        ListLog log = new ListLog("a", null);
        ErasureRegistry a = replica("a", log, 100);
        log.down = true;
        assertThatThrownBy(() -> a.create(person("no", "Never Written")).join())
                .hasCauseInstanceOf(ErasureLog.LogUnavailableException.class);
        assertThatThrownBy(() -> a.get("no")).isInstanceOf(ErasureRegistry.NotFoundException.class);
        assertThat(log.size()).isZero();
    }
}
