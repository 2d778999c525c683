package io.lethe.erasure.index;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Erasure records in a Lucene index, one document each: the id, a sequence number (creation order, used
 * for cursors), the status, the record's JSON and the hash of the request that created it. Every write
 * is committed (fsync) before it returns. Bulk imports build a staging index that is added to the main
 * one in a single commit, so a crash leaves either all of a bulk call or none of it.
 *
 * <p>Writes are serialized by the caller (one writer thread); reads may run on any thread.
 */
public final class ErasureStore implements Closeable {

    /** One stored record. */
    public record Stored(String id, long seq, String status, byte[] json, String requestHash, boolean topics) {

        public Stored(String id, long seq, String status, byte[] json, String requestHash) {
            this(id, seq, status, json, requestHash, false);
        }
    }

    static final String F_ID = "id";
    static final String F_SEQ = "seq";
    static final String F_STATUS = "status";
    static final String F_JSON = "json";
    static final String F_HASH = "request_hash";
    /** Bumped on every write of a record, so start-up can find what changed after a matcher snapshot. */
    static final String F_VER = "ver";
    /** Marks records with knowledge topics, so start-up embeds them without reading every record. */
    static final String F_TOPICS = "has_topics";
    private static final String STAGING_PREFIX = "staging-";

    private final Path root;
    private final Directory dir;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private long nextSeq;
    private long lastVer;
    /** {@link #lastVer} as of the last refresh: every record of that version or lower is visible to reads. */
    private volatile long visibleVer;
    /**
     * Version ranges {@code [from, to)} a reader of changes cannot be caught up from ({@link #changedSinceTracked}):
     * a bulk publish's (from its first staged line's version to the version the publish took: lines staged before
     * a write that a reader saw arrive below it) and a delete's (from 0: a deleted record has no version). At most
     * {@value #MAX_LOST} are kept; older ones merge into one that covers them.
     */
    private volatile List<long[]> lost = List.of();
    private static final int MAX_LOST = 32;

    private ErasureStore(Path root, Directory dir, IndexWriter writer) throws IOException {
        this.root = root;
        this.dir = dir;
        this.writer = writer;
        this.searchers = new SearcherManager(writer, null);
        this.nextSeq = maxOf(F_SEQ) + 1;
        this.lastVer = maxOf(F_VER);
        this.visibleVer = lastVer;
    }

    /**
     * Opens (or creates) the store under {@code dataDir/erasures}; the folders are made readable by the
     * process owner only, and leftovers of interrupted bulk imports are removed.
     */
    public static ErasureStore open(Path dataDir) {
        try {
            Path root = dataDir.resolve("erasures");
            ownerOnlyDirectories(dataDir);
            ownerOnlyDirectories(root);
            try (Stream<Path> s = Files.list(root)) {
                for (Path p : s.filter(p -> p.getFileName().toString().startsWith(STAGING_PREFIX)).toList()) {
                    deleteTree(p);
                }
            }
            Path indexDir = root.resolve("index");
            ownerOnlyDirectories(indexDir);
            Directory dir = OwnerOnlyFiles.directory(FSDirectory.open(indexDir));
            IndexWriterConfig cfg = new IndexWriterConfig();
            cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            cfg.setRAMBufferSizeMB(64);
            cfg.setCommitOnClose(false);
            IndexWriter writer = new IndexWriter(dir, cfg);
            // the lock file (made by Lucene's lock factory, not through the directory) and files written by a
            // version that left them at the umask's mode
            OwnerOnlyFiles.restrictFiles(indexDir);
            return new ErasureStore(root, dir, writer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the erasure index under " + dataDir, e);
        }
    }

    static void ownerOnlyDirectories(Path p) throws IOException {
        if (!Files.exists(p)) {
            Files.createDirectories(p);
        }
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: left to the platform's defaults
        }
    }

    private long maxOf(String field) throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            TopDocs top = s.search(new MatchAllDocsQuery(), 1,
                    new Sort(new SortField(field, SortField.Type.LONG, true)));
            if (top.scoreDocs.length == 0) {
                return 0;
            }
            return s.storedFields().document(top.scoreDocs[0].doc).getField(field).numericValue().longValue();
        } finally {
            searchers.release(s);
        }
    }

    /**
     * The version of the latest write: creates, retirements and staged bulk lines each take one, and so does a
     * change readers of changes cannot be caught up from (a bulk publish, a delete), which stores no record.
     */
    public long lastVer() {
        return lastVer;
    }

    /**
     * Makes every later write take a version above {@code ver} (writer thread, at start): a matcher snapshot's
     * watermark may lie above every stored record's version (a version taken by a change that stores no record,
     * or the highest record deleted since), and a write at or below it would be missed by the next start's
     * catch-up from that watermark.
     */
    public void advanceTo(long ver) {
        if (lastVer < ver) {
            lastVer = ver;
            visibleVer = ver;
        }
    }

    private Document doc(String id, long seq, String status, byte[] json, String requestHash, boolean topics) {
        Document d = new Document();
        if (topics) {
            d.add(new StringField(F_TOPICS, "1", Field.Store.NO));
        }
        long ver = ++lastVer;
        d.add(new LongPoint(F_VER, ver));
        d.add(new NumericDocValuesField(F_VER, ver));
        d.add(new StoredField(F_VER, ver));
        d.add(new StringField(F_ID, id, Field.Store.YES));
        d.add(new LongPoint(F_SEQ, seq));
        d.add(new NumericDocValuesField(F_SEQ, seq));
        d.add(new StoredField(F_SEQ, seq));
        d.add(new StringField(F_STATUS, status, Field.Store.YES));
        d.add(new StoredField(F_JSON, json));
        d.add(new StoredField(F_HASH, requestHash));
        return d;
    }

    /** Reserves the next sequence number (writer thread only). */
    public long nextSeq() {
        return nextSeq++;
    }

    /** Inserts or replaces a record and commits. */
    public void put(Stored r) {
        try {
            writer.updateDocument(new Term(F_ID, r.id()), doc(r.id(), r.seq(), r.status(), r.json(), r.requestHash(), r.topics()));
            writer.commit();
            searchers.maybeRefreshBlocking();
            visibleVer = lastVer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write erasure " + r.id(), e);
        }
    }

    /**
     * Writes a batch read from the replicated log in one commit, together with {@code commitData} (the log
     * positions the batch reaches), so the records and the positions they were read up to are durable
     * together: after a crash the replica resumes exactly after the last batch it committed.
     *
     * @param puts    records to insert or replace, in order
     * @param added   ids among {@code puts} the index does not hold yet (added without a delete-by-term)
     * @param deletes ids to remove (tombstones)
     */
    public void applyBatch(List<Stored> puts, java.util.Set<String> added, List<String> deletes,
                           java.util.Map<String, String> commitData) {
        applyBatch(puts, added, deletes, commitData, true);
    }

    /**
     * {@link #applyBatch(List, java.util.Set, List, java.util.Map)}, committing only when {@code commit}: the
     * records are visible to reads at once either way, and a later commit makes them durable together with the
     * positions given then (a crash before it reads them from the log again).
     */
    public void applyBatch(List<Stored> puts, java.util.Set<String> added, List<String> deletes,
                           java.util.Map<String, String> commitData, boolean commit) {
        try {
            for (Stored r : puts) {
                Document d = doc(r.id(), r.seq(), r.status(), r.json(), r.requestHash(), r.topics());
                if (added.contains(r.id())) {
                    writer.addDocument(d);
                } else {
                    writer.updateDocument(new Term(F_ID, r.id()), d);
                }
            }
            for (String id : deletes) {
                writer.deleteDocuments(new Term(F_ID, id));
            }
            if (commit) {
                writer.setLiveCommitData(new java.util.TreeMap<>(commitData).entrySet());
                writer.commit();
            }
            searchers.maybeRefreshBlocking();
            if (deletes.isEmpty()) {
                visibleVer = lastVer;
            } else {
                lostTrack(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot apply " + puts.size() + " replicated erasure record(s)", e);
        }
    }

    /** Commits what was applied without a commit, with {@code commitData} (the log positions it reaches). */
    public void commit(java.util.Map<String, String> commitData) {
        try {
            writer.setLiveCommitData(new java.util.TreeMap<>(commitData).entrySet());
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the erasure index", e);
        }
    }

    /** The user data of the last commit (the replicated log's positions, in cluster mode); empty if none. */
    public java.util.Map<String, String> commitData() {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        Iterable<java.util.Map.Entry<String, String>> data = writer.getLiveCommitData();
        if (data != null) {
            data.forEach(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    public Stored get(String id) {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                TopDocs top = s.search(new TermQuery(new Term(F_ID, id)), 1);
                return top.scoreDocs.length == 0 ? null : read(s, top.scoreDocs[0].doc);
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read erasure index", e);
        }
    }

    /** Records after {@code afterSeq} in creation order, optionally of one status. */
    public List<Stored> page(String status, long afterSeq, int limit) {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                BooleanQuery.Builder q = new BooleanQuery.Builder()
                        .add(LongPoint.newRangeQuery(F_SEQ, afterSeq + 1, Long.MAX_VALUE), BooleanClause.Occur.FILTER);
                if (status != null) {
                    q.add(new TermQuery(new Term(F_STATUS, status)), BooleanClause.Occur.FILTER);
                }
                TopDocs top = s.search(q.build(), limit, new Sort(new SortField(F_SEQ, SortField.Type.LONG)));
                List<Stored> out = new ArrayList<>(top.scoreDocs.length);
                for (ScoreDoc sd : top.scoreDocs) {
                    out.add(read(s, sd.doc));
                }
                return out;
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read erasure index", e);
        }
    }

    /** Visits every record of a status (all when null), in index order; used to compile matchers. */
    public void forEach(String status, Consumer<Stored> visitor) {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                Query filter = status == null ? null : new TermQuery(new Term(F_STATUS, status));
                for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                    StoredFields fields = leaf.reader().storedFields();
                    Bits live = leaf.reader().getLiveDocs();
                    for (int d = 0; d < leaf.reader().maxDoc(); d++) {
                        if (live != null && !live.get(d)) {
                            continue;
                        }
                        Stored r = toStored(fields.document(d));
                        if (filter == null || status.equals(r.status())) {
                            visitor.accept(r);
                        }
                    }
                }
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read erasure index", e);
        }
    }

    /** Visits the records of a status that carry knowledge topics. */
    public void forEachWithTopics(String status, Consumer<Stored> visitor) {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                Query q = new BooleanQuery.Builder()
                        .add(new TermQuery(new Term(F_TOPICS, "1")), BooleanClause.Occur.FILTER)
                        .add(new TermQuery(new Term(F_STATUS, status)), BooleanClause.Occur.FILTER)
                        .build();
                int n = s.count(q);
                if (n == 0) {
                    return;
                }
                for (ScoreDoc sd : s.search(q, n).scoreDocs) {
                    visitor.accept(read(s, sd.doc));
                }
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read erasure index", e);
        }
    }

    /**
     * After a change {@link #changedSince} cannot show to readers who saw version {@code from} or later (deletes,
     * a bulk publish; refreshed already); writer thread only.
     */
    private void lostTrack(long from) {
        long to = ++lastVer;
        List<long[]> next = new ArrayList<>(lost);
        next.add(new long[] {from, to});
        if (next.size() > MAX_LOST) {
            long[] a = next.remove(0);
            long[] b = next.remove(0);
            next.add(0, new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        lost = List.copyOf(next);
        visibleVer = lastVer;
    }

    /**
     * The version every record visible to reads from now on has reached: read it before a read, and pass it to
     * {@link #changedSinceTracked} after, to visit what changed in between (records written meanwhile may be
     * visited twice).
     */
    public long visibleVer() {
        return visibleVer;
    }

    /**
     * Visits the records written after version {@code ver}, in version order, and returns true; or returns false
     * without visiting when a bulk publish or a delete happened since {@code ver}, which a version range cannot
     * show (a bulk's lines took versions while staged; a deleted record has none): then read everything again.
     */
    public boolean changedSinceTracked(long ver, Consumer<Stored> visitor) {
        for (long[] range : lost) {
            if (ver >= range[0] && ver < range[1]) {
                return false;
            }
        }
        changedSince(ver, visitor);
        return true;
    }

    /** Visits the records written after version {@code ver} (as of the last commit). */
    public void changedSince(long ver, Consumer<Stored> visitor) {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                Query q = LongPoint.newRangeQuery(F_VER, ver + 1, Long.MAX_VALUE);
                TopDocs top = s.search(q, Math.max(1, s.count(q)), new Sort(new SortField(F_VER, SortField.Type.LONG)));
                for (ScoreDoc sd : top.scoreDocs) {
                    visitor.accept(read(s, sd.doc));
                }
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read erasure index", e);
        }
    }

    public Path root() {
        return root;
    }

    public int count() {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                return s.getIndexReader().numDocs();
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read erasure index", e);
        }
    }

    private static Stored read(IndexSearcher s, int doc) throws IOException {
        return toStored(s.storedFields().document(doc));
    }

    private static Stored toStored(Document d) {
        BytesRef json = d.getBinaryValue(F_JSON);
        return new Stored(d.get(F_ID), d.getField(F_SEQ).numericValue().longValue(), d.get(F_STATUS),
                java.util.Arrays.copyOfRange(json.bytes, json.offset, json.offset + json.length), d.get(F_HASH));
    }

    /** Starts a bulk import in its own staging index. */
    public Staging stage() {
        try {
            Path p = root.resolve(STAGING_PREFIX + UUID.randomUUID());
            ownerOnlyDirectories(p);
            Directory d = OwnerOnlyFiles.directory(FSDirectory.open(p));
            IndexWriterConfig cfg = new IndexWriterConfig();
            cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
            cfg.setRAMBufferSizeMB(128);
            cfg.setCommitOnClose(false);
            IndexWriter writer = new IndexWriter(d, cfg);
            OwnerOnlyFiles.restrictFiles(p);  // the lock file
            return new Staging(p, d, writer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a staging index", e);
        }
    }

    /** A bulk import in progress; nothing in it is visible or durable until {@link #publish}. */
    public final class Staging implements Closeable {
        private final Path path;
        private final Directory dir;
        private final IndexWriter staged;
        private int added;
        /** The version of the first line staged (0 before any). */
        private long firstVer;

        private Staging(Path path, Directory dir, IndexWriter staged) {
            this.path = path;
            this.dir = dir;
            this.staged = staged;
        }

        public void add(Stored r) {
            try {
                Document d = doc(r.id(), r.seq(), r.status(), r.json(), r.requestHash(), r.topics());
                if (firstVer == 0) {
                    firstVer = lastVer;
                }
                staged.addDocument(d);
                added++;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stage erasure " + r.id(), e);
            }
        }

        public void remove(String id) {
            try {
                staged.deleteDocuments(new Term(F_ID, id));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot unstage erasure " + id, e);
            }
        }

        public int added() {
            return added;
        }

        /** Adds everything staged to the store in one commit (writer thread only). */
        public void publish() {
            try {
                staged.forceMergeDeletes();
                staged.commit();
                staged.close();
                writer.addIndexes(dir);
                writer.commit();
                searchers.maybeRefreshBlocking();
                // staged lines took their versions before records written since: they appear below them, so a
                // reader who saw a version from the first staged line's on cannot be caught up by a range
                lostTrack(firstVer);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot publish a bulk import", e);
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            try {
                if (staged.isOpen()) {
                    staged.rollback();
                }
                dir.close();
                deleteTree(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove staging index " + path, e);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.rollback();  // everything acknowledged is committed already
            dir.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the erasure index", e);
        }
    }

}
