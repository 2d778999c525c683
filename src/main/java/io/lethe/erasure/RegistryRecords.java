package io.lethe.erasure;

import io.lethe.erasure.index.ErasureStore;
import io.lethe.guard.Action;
import io.lethe.guard.ErasureRecords;
import io.lethe.guard.RegisteredErasure;
import io.lethe.guard.ScanContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The registry's records as detector plug-ins read them: straight from the Lucene store, parsed per visit (a
 * plug-in keeps what it compiles, not the records). Thread-safe: reads go through the store's searcher manager.
 */
final class RegistryRecords implements ErasureRecords {

    private final Supplier<ErasureStore> store;
    private final Map<String, Instant> modelSnapshots;

    /** {@code store} gives null before the registry has opened its index (nothing is visited then). */
    RegistryRecords(Supplier<ErasureStore> store, Map<String, Instant> modelSnapshots) {
        this.store = store;
        this.modelSnapshots = modelSnapshots;
    }

    @Override
    public long forEachActive(Consumer<RegisteredErasure> visitor) {
        ErasureStore s = store.get();
        if (s == null) {
            return 0;
        }
        long ver = s.visibleVer();
        s.forEach(Erasure.ACTIVE, r -> visitor.accept(record(r)));
        return ver;
    }

    @Override
    public long forEachChangedSince(long version, Consumer<RegisteredErasure> visitor) {
        ErasureStore s = store.get();
        if (s == null) {
            return version;
        }
        if (version <= 0) {
            // nothing read yet (a build before the registry opened): the active records are all there is to know
            return forEachActive(visitor);
        }
        long ver = s.visibleVer();
        return s.changedSinceTracked(version, r -> visitor.accept(record(r))) ? Math.max(ver, version) : LOST_TRACK;
    }

    private Record record(ErasureStore.Stored r) {
        return new Record(ErasureParser.fromJson(r.json()), modelSnapshots);
    }

    /** One stored erasure; lists are the record's own (immutable). */
    private record Record(Erasure e, Map<String, Instant> modelSnapshots) implements RegisteredErasure {

        @Override
        public String id() {
            return e.id();
        }

        @Override
        public boolean active() {
            return e.active();
        }

        @Override
        public Action action() {
            return e.actionOrNull();
        }

        @Override
        public List<String> names() {
            return e.subject() == null ? List.of() : e.subject().names();
        }

        @Override
        public List<String> aliases() {
            return e.subject() == null ? List.of() : e.subject().aliases();
        }

        @Override
        public List<String> emails() {
            return e.subject() == null ? List.of() : e.subject().emails();
        }

        @Override
        public List<String> phones() {
            return e.subject() == null ? List.of() : e.subject().phones().stream().map(Erasure.Phone::number).toList();
        }

        @Override
        public List<String> identifiers() {
            return e.subject() == null ? List.of() : e.subject().identifiers();
        }

        @Override
        public List<String> passages() {
            return e.passages() == null ? List.of() : e.passages();
        }

        @Override
        public List<String> topicTexts() {
            if (e.topics() == null) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            e.topics().forEach(t -> out.addAll(t.texts()));
            return List.copyOf(out);
        }

        @Override
        public java.util.function.Predicate<ScanContext> applicability() {
            Erasure.Scope scope = e.scope();
            boolean retire = e.retireOnRetrain();
            Instant requested = e.effectiveRequestedAt();
            Map<String, Instant> snapshots = modelSnapshots;
            return context -> ErasureStage.applies(scope, retire, requested, snapshots, context);
        }

        /** Never the values: the registry is sensitive. */
        @Override
        public String toString() {
            return "RegisteredErasure[" + e.id() + (e.active() ? "" : ", retired") + "]";
        }
    }
}
