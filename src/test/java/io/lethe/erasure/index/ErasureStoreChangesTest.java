package io.lethe.erasure.index;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What the store tells a reader of changes ({@code changedSinceTracked}): every write after a version, or "read all". */
class ErasureStoreChangesTest {

    @TempDir
    Path dir;

    private static ErasureStore.Stored record(String id, long seq, String status) {
        return new ErasureStore.Stored(id, seq, status, "{}".getBytes(StandardCharsets.UTF_8), "h");
    }

    private static List<String> changes(ErasureStore store, long since) {
        List<String> ids = new ArrayList<>();
        boolean tracked = store.changedSinceTracked(since, r -> ids.add(r.id() + ":" + r.status()));
        return tracked ? ids : null;
    }

    @Test
    void writesAfterAVersionAreVisitedOnceAsTheyAreNow() {
        try (ErasureStore store = ErasureStore.open(dir)) {
            store.put(record("a", store.nextSeq(), "active"));
            long v = store.visibleVer();
            store.put(record("b", store.nextSeq(), "active"));
            store.put(record("a", 0, "retired"));
            assertThat(changes(store, v)).containsExactly("b:active", "a:retired");
            assertThat(changes(store, store.visibleVer())).isEmpty();
        }
    }

    @Test
    void aDeleteOrABulkPublishMakesOlderVersionsUntracked() {
        try (ErasureStore store = ErasureStore.open(dir)) {
            store.put(record("a", store.nextSeq(), "active"));
            store.put(record("b", store.nextSeq(), "active"));
            long v = store.visibleVer();
            // a replicated tombstone removes "a": no version shows a record that is gone
            store.applyBatch(List.of(), Set.of(), List.of("a"), Map.of(), true);
            assertThat(changes(store, v)).isNull();
            long afterDelete = store.visibleVer();
            assertThat(changes(store, afterDelete)).isEmpty();
            // a bulk published with no write while it was staged: a range read finds its lines
            long beforeBulk = store.visibleVer();
            ErasureStore.Staging quiet = store.stage();
            quiet.add(record("quiet", store.nextSeq(), "active"));
            quiet.publish();
            assertThat(changes(store, beforeBulk)).containsExactly("quiet:active");
            // a bulk line staged before a later write is published below that write's version
            ErasureStore.Staging staging = store.stage();
            staging.add(record("bulk", store.nextSeq(), "active"));
            store.put(record("c", store.nextSeq(), "active"));
            long seenC = store.visibleVer();
            staging.publish();
            assertThat(changes(store, seenC)).isNull();
            assertThat(changes(store, store.visibleVer())).isEmpty();
        }
    }
}
