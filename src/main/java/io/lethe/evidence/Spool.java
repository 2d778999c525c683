package io.lethe.evidence;

import org.jboss.logging.Logger;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The durable evidence spool: facts are chained (sequence, previous hash), appended to segment files in
 * group commits, and only then sent; an event counts as sent when the sink acknowledges it.
 *
 * <p>Layout under {@code dir}: {@code instance} (this instance's id, made once), {@code seg-<first seq>.ndjson}
 * (one event per line, exact bytes), {@code acked} (every event up to this sequence was acknowledged).
 * On start the torn tail of the last segment (a crash mid-write) is cut, the chain goes on from its last
 * event, and everything after {@code acked} is sent again in order, with the same ids.
 *
 * <p>Threads: {@link #offer} is called from event loops and never blocks. One writer thread owns the
 * segment files and the chain; one sender thread reads committed events back and sends them, keeping at most
 * {@code maxInFlight} unacknowledged; a failure rewinds it to the first unacknowledged event after a backoff.
 * Without a sink the events stay in the spool. Bounded: past {@code maxBytes} or a full queue new facts are
 * dropped and counted.
 */
public final class Spool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Spool.class);
    private static final String SEGMENT_PREFIX = "seg-";
    private static final String SEGMENT_SUFFIX = ".ndjson";

    private final SpoolSettings settings;
    private volatile EvidenceSink sink;
    private final String keyId;
    private final String instance;
    private final ArrayBlockingQueue<EvidenceFact> queue;
    private final ConcurrentSkipListMap<Long, Path> segments = new ConcurrentSkipListMap<>();
    private final AtomicLong spoolBytes = new AtomicLong();
    private final AckTracker acks = new AckTracker();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder recorded = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder sendFailures = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final AtomicLong processed = new AtomicLong();
    private final Semaphore inFlight;
    private final AtomicInteger inFlightCount = new AtomicInteger();

    /** The last event durably in the spool. */
    private volatile long committedSeq;
    private volatile boolean running;
    private volatile boolean rewind;
    private volatile boolean sinkHealthy = true;
    private volatile String lastError;
    private volatile long lastDropWarnNanos;
    /** When the sender last saw progress: an acknowledgement, or sending with nothing in flight. */
    private volatile long waitingSinceNanos = System.nanoTime();

    // Writer thread only.
    private long lastSeq;
    private String prevHash;
    private FileChannel current;
    private long currentFirstSeq;
    private long currentSize;

    private Thread writer;
    private Thread sender;
    private long persistedWatermark = -1;

    /** A spool that keeps its events; {@link #startSending} adds a sink. */
    public Spool(SpoolSettings settings, String keyId) {
        this(settings, null, keyId);
    }

    public Spool(SpoolSettings settings, EvidenceSink sink, String keyId) {
        this.settings = settings;
        this.sink = sink;
        this.keyId = keyId;
        this.queue = new ArrayBlockingQueue<>(settings.queueSize());
        this.inFlight = new Semaphore(settings.maxInFlight());
        try {
            ownerOnly(settings.dir());
            this.instance = loadInstance(settings.dir());
            recover();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the evidence spool at " + settings.dir(), e);
        }
    }

    public String instance() {
        return instance;
    }

    public Path dir() {
        return settings.dir();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        writer = new Thread(this::writeLoop, "lethe-evidence-writer");
        writer.setDaemon(true);
        writer.start();
        if (sink != null) {
            startSender();
        }
    }

    /**
     * Starts sending to {@code sink}, beginning with what the spool holds unacknowledged. For sinks that can
     * only be used once the application is up (the messaging channels are wired after the HTTP routes).
     */
    public synchronized void startSending(EvidenceSink sink) {
        if (this.sink != null && sender != null) {
            throw new IllegalStateException("already sending");
        }
        this.sink = sink;
        if (running) {
            startSender();
        }
    }

    private void startSender() {
        sender = new Thread(this::sendLoop, "lethe-evidence-sender");
        sender.setDaemon(true);
        sender.start();
    }

    /** Queues a fact for the spool; never blocks. Returns false when it was dropped (queue or spool full). */
    public boolean offer(EvidenceFact fact) {
        if (queue.offer(fact)) {
            accepted.increment();
            return true;
        }
        drop("queue full");
        return false;
    }

    private void drop(String why) {
        dropped.increment();
        long now = System.nanoTime();
        if (now - lastDropWarnNanos > TimeUnit.SECONDS.toNanos(10)) {
            lastDropWarnNanos = now;
            LOG.warnf("evidence dropped (%s): %d dropped so far; spool %d of %d bytes", why, dropped.sum(),
                    spoolBytes.get(), settings.maxBytes());
        }
    }

    // ---- writer -------------------------------------------------------------------------------------------

    private void writeLoop() {
        List<EvidenceFact> batch = new ArrayList<>(settings.commitMaxEvents());
        while (running || !queue.isEmpty()) {
            try {
                EvidenceFact first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, settings.commitMaxEvents() - 1);
                long delay = settings.commitMaxDelay().toNanos();
                if (delay > 0 && batch.size() < settings.commitMaxEvents()) {
                    long until = System.nanoTime() + delay;
                    long left;
                    while (batch.size() < settings.commitMaxEvents() && (left = until - System.nanoTime()) > 0) {
                        EvidenceFact more = queue.poll(left, TimeUnit.NANOSECONDS);
                        if (more == null) {
                            break;
                        }
                        batch.add(more);
                        queue.drainTo(batch, settings.commitMaxEvents() - batch.size());
                    }
                }
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (IOException | RuntimeException e) {
                // The facts of a failed commit are lost (counted); the chain stays whole on disk.
                dropped.add(batch.size());
                lastError = "spool write failed: " + e;
                LOG.errorf(e, "evidence spool write failed; %d event(s) dropped", batch.size());
                closeCurrentQuietly();
            } finally {
                processed.addAndGet(batch.size());
                batch.clear();
            }
        }
        closeCurrentQuietly();
    }

    private void commit(List<EvidenceFact> batch) throws IOException {
        if (current != null && currentSize >= settings.segmentBytes()) {
            current.force(false);
            current.close();
            current = null;
        }
        ByteBuffer buf = null;
        long seq = lastSeq;
        String prev = prevHash;
        int kept = 0;
        long bytes = 0;
        List<byte[]> lines = new ArrayList<>(batch.size());
        for (EvidenceFact f : batch) {
            byte[] ev = EvidenceEvents.encode(f, instance, seq + 1, prev, keyId);
            if (spoolBytes.get() + bytes + ev.length + 1 > settings.maxBytes()) {
                drop("spool full");
                continue;
            }
            seq++;
            prev = EvidenceEvents.hash(ev);
            lines.add(ev);
            bytes += ev.length + 1;
            kept++;
        }
        if (kept == 0) {
            return;
        }
        buf = ByteBuffer.allocate((int) bytes);
        for (byte[] ev : lines) {
            buf.put(ev).put((byte) '\n');
        }
        buf.flip();
        if (current == null) {
            long first = lastSeq + 1;
            Path p = settings.dir().resolve(segmentName(first));
            current = FileChannel.open(p, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND), OWNER_ONLY);
            currentFirstSeq = first;
            currentSize = current.size();
            segments.put(first, p);
            forceDirectory();
        }
        while (buf.hasRemaining()) {
            current.write(buf);
        }
        if (settings.fsync()) {
            current.force(false);
        }
        currentSize += bytes;
        spoolBytes.addAndGet(bytes);
        lastSeq = seq;
        prevHash = prev;
        recorded.add(kept);
        committedSeq = seq;
        Thread s = sender;
        if (s != null) {
            LockSupport.unpark(s);
        }
    }

    private void closeCurrentQuietly() {
        if (current != null) {
            try {
                current.force(false);
                current.close();
            } catch (IOException ignored) {
                // closing after a failure: nothing more to save
            }
            current = null;
        }
    }

    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(settings.dir(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | RuntimeException ignored) {
            // not every platform can sync a directory
        }
    }

    // ---- sender -------------------------------------------------------------------------------------------

    private void sendLoop() {
        cursor = acks.watermark() + 1;
        try {
            while (running) {
                try {
                    sendStep();
                } catch (RuntimeException e) {
                    // Never let the sender die: log, back off, go again from the first unacknowledged event.
                    lastError = "evidence sender: " + e;
                    LOG.errorf(e, "evidence sender failed; retrying from the first unacknowledged event");
                    rewind = true;
                    sleep(settings.retryBackoff().toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeReader();
            housekeeping();
        }
    }

    // Sender thread only.
    private long cursor;
    private SegmentReader reader;
    private long lastHousekeeping;

    /** One turn of the sender: housekeeping, a rewind after a failure, or sending the event at the cursor. */
    private void sendStep() throws InterruptedException {
        long now = System.nanoTime();
        if (now - lastHousekeeping > TimeUnit.MILLISECONDS.toNanos(200)) {
            lastHousekeeping = now;
            housekeeping();
        }
        if (rewind) {
            if (inFlightCount.get() > 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                return;
            }
            rewind = false;
            cursor = acks.watermark() + 1;
            closeReader();
            sleep(settings.retryBackoff().toMillis());
            return;
        }
        if (cursor > committedSeq) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            return;
        }
        if (acks.isAcked(cursor)) {
            cursor++;
            return;
        }
        if (!inFlight.tryAcquire(20, TimeUnit.MILLISECONDS)) {
            return;
        }
        byte[] ev;
        try {
            reader = position(reader, cursor);
            ev = reader.next();
        } catch (IOException | RuntimeException e) {
            inFlight.release();
            lastError = "spool read failed at seq " + cursor + ": " + e.getMessage();
            LOG.errorf("evidence spool read failed at seq %d: %s", cursor, e.getMessage());
            closeReader();
            sleep(settings.retryBackoff().toMillis());
            return;
        }
        send(cursor, ev);
        cursor++;
    }

    private void closeReader() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    private void send(long seq, byte[] ev) {
        if (inFlightCount.getAndIncrement() == 0) {
            waitingSinceNanos = System.nanoTime();
        }
        try {
            EvidenceEvents.Head h = EvidenceEvents.head(ev);
            sink.send(h.key(), h.id(), new String(ev, StandardCharsets.UTF_8)).whenComplete((v, t) -> {
                if (t == null) {
                    acks.ack(seq);
                    sent.increment();
                    waitingSinceNanos = System.nanoTime();
                    sinkHealthy = true;
                } else {
                    failed(seq, t);
                }
                inFlightCount.decrementAndGet();
                inFlight.release();
            });
        } catch (RuntimeException e) {
            failed(seq, e);
            inFlightCount.decrementAndGet();
            inFlight.release();
        }
    }

    private void failed(long seq, Throwable t) {
        if (sinkHealthy) {
            LOG.warnf("evidence event %d not acknowledged (%s); the spool keeps it and retries", seq, t.toString());
        }
        lastError = t.toString();
        sinkHealthy = false;
        rewind = true;
        // Counted last: whoever sees the failure counted also sees the state it left.
        sendFailures.increment();
    }

    private SegmentReader position(SegmentReader reader, long seq) throws IOException {
        Map.Entry<Long, Path> e = segments.floorEntry(seq);
        if (e == null) {
            throw new IOException("no segment holds seq " + seq);
        }
        if (reader == null || reader.firstSeq != e.getKey() || reader.nextSeq > seq) {
            if (reader != null) {
                reader.close();
            }
            reader = new SegmentReader(e.getKey(), e.getValue());
        }
        while (reader.nextSeq < seq) {
            reader.next();
        }
        return reader;
    }

    /** Persists the acknowledged point and deletes segments that hold only acknowledged events. */
    private synchronized void housekeeping() {
        long w = acks.watermark();
        if (w == persistedWatermark) {
            return;
        }
        try {
            Path tmp = settings.dir().resolve("acked.tmp");
            writeOwnerOnly(tmp, w + "\n");
            try {
                Files.move(tmp, settings.dir().resolve("acked"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException ex) {
                Files.move(tmp, settings.dir().resolve("acked"), StandardCopyOption.REPLACE_EXISTING);
            }
            persistedWatermark = w;
            // A segment can go when the next one starts at or below the acknowledged point + 1.
            NavigableMap<Long, Path> snapshot = segments.headMap(w + 1, true);
            for (Map.Entry<Long, Path> s : snapshot.entrySet()) {
                Long next = segments.higherKey(s.getKey());
                if (next == null || next - 1 > w) {
                    break;
                }
                long size = Files.size(s.getValue());
                segments.remove(s.getKey());
                Files.deleteIfExists(s.getValue());
                spoolBytes.addAndGet(-size);
            }
        } catch (IOException e) {
            LOG.warnf("evidence spool housekeeping failed: %s", e.toString());
        }
    }

    private static void sleep(long ms) throws InterruptedException {
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    // ---- start-up -----------------------------------------------------------------------------------------

    private static String loadInstance(Path dir) throws IOException {
        Path p = dir.resolve("instance");
        if (Files.exists(p)) {
            String id = Files.readString(p, StandardCharsets.US_ASCII).trim();
            if (!id.isEmpty()) {
                return id;
            }
        }
        String id = UUID.randomUUID().toString();
        Path tmp = dir.resolve("instance.tmp");
        writeOwnerOnly(tmp, id + "\n");
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
        return id;
    }

    private void recover() throws IOException {
        for (Path p : listSegments(settings.dir())) {
            segments.put(firstSeqOf(p), p);
            spoolBytes.addAndGet(Files.size(p));
        }
        Path ackedFile = settings.dir().resolve("acked");
        if (Files.exists(ackedFile)) {
            acks.reset(Long.parseLong(Files.readString(ackedFile, StandardCharsets.US_ASCII).trim()));
            persistedWatermark = acks.watermark();
        }
        Map.Entry<Long, Path> last = segments.lastEntry();
        if (last == null) {
            lastSeq = acks.watermark();
            committedSeq = lastSeq;
            return;
        }
        // Find the last whole line; cut anything after it (torn by a crash before its commit finished).
        long goodEnd = 0;
        byte[] lastLine = null;
        try (SegmentReader r = new SegmentReader(last.getKey(), last.getValue())) {
            byte[] line;
            while ((line = r.nextOrNull()) != null) {
                lastLine = line;
                goodEnd = r.position;
            }
        }
        long size = Files.size(last.getValue());
        if (goodEnd < size) {
            LOG.warnf("evidence spool: cutting %d byte(s) of an unfinished write at the end of %s", size - goodEnd,
                    last.getValue().getFileName());
            try (FileChannel ch = FileChannel.open(last.getValue(), StandardOpenOption.WRITE)) {
                ch.truncate(goodEnd);
                ch.force(true);
            }
            spoolBytes.addAndGet(goodEnd - size);
        }
        if (lastLine == null) {
            lastSeq = last.getKey() - 1;
            prevHash = null;
        } else {
            EvidenceEvents.Head h = EvidenceEvents.head(lastLine);
            lastSeq = h.seq();
            prevHash = EvidenceEvents.hash(lastLine);
        }
        committedSeq = lastSeq;
        if (acks.watermark() > lastSeq) {
            acks.reset(lastSeq);
        }
    }

    static List<Path> listSegments(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(SEGMENT_PREFIX) && n.endsWith(SEGMENT_SUFFIX);
            }).sorted((a, b) -> Long.compare(firstSeqOf(a), firstSeqOf(b))).toList();
        }
    }

    static long firstSeqOf(Path segment) {
        String n = segment.getFileName().toString();
        return Long.parseLong(n.substring(SEGMENT_PREFIX.length(), n.length() - SEGMENT_SUFFIX.length()));
    }

    static String segmentName(long firstSeq) {
        return String.format("%s%020d%s", SEGMENT_PREFIX, firstSeq, SEGMENT_SUFFIX);
    }

    /** Files of the spool (segments, the instance id, the acknowledged point) are created {@code rw-------}, as their folder is {@code rwx------} (none on a non-POSIX file system). */
    private static final java.nio.file.attribute.FileAttribute<?>[] OWNER_ONLY =
            java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? new java.nio.file.attribute.FileAttribute<?>[] {
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                    : new java.nio.file.attribute.FileAttribute<?>[0];

    /** Writes {@code text} (ASCII) to a new file {@code p}, replacing one there, created {@link #OWNER_ONLY}. */
    private static void writeOwnerOnly(Path p, String text) throws IOException {
        Files.deleteIfExists(p);  // an existing file would keep its mode
        try (FileChannel ch = FileChannel.open(p, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), OWNER_ONLY)) {
            ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
        }
    }

    private static void ownerOnly(Path p) throws IOException {
        Files.createDirectories(p);
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }

    // ---- state --------------------------------------------------------------------------------------------

    /** What health and metrics show. {@code unsent} is 0 without a sink (the spool is the store then). */
    public record Stats(String instance, long lastSeq, long acknowledged, long unsent, long spoolBytes,
                        long maxBytes, long warnBytes, long recorded, long sent, long dropped, long sendFailures,
                        int queued, boolean sinkHealthy, String lastError, long waitingMillis, long stallMillis) {

        /** A warning for health, or {@code null} when all is well. */
        public String warning() {
            if (dropped > 0) {
                return dropped + " evidence event(s) dropped: spool full (" + spoolBytes + " of " + maxBytes
                        + " bytes) or queue full";
            }
            if (spoolBytes >= warnBytes) {
                return "evidence spool at " + spoolBytes + " of " + maxBytes + " bytes";
            }
            if (!sinkHealthy) {
                return unsent + " evidence event(s) waiting for Kafka: " + lastError;
            }
            if (unsent > 0 && waitingMillis >= stallMillis) {
                return unsent + " evidence event(s) waiting for Kafka, no acknowledgement for " + waitingMillis + " ms";
            }
            return null;
        }
    }

    public Stats stats() {
        long committed = committedSeq;
        long acked = acks.watermark();
        return new Stats(instance, committed, acked, sink == null ? 0 : Math.max(0, committed - acked),
                spoolBytes.get(), settings.maxBytes(), settings.warnBytes(), recorded.sum(), sent.sum(), dropped.sum(),
                sendFailures.sum(), queue.size(), sink == null || sinkHealthy, lastError,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waitingSinceNanos), settings.stallWarning().toMillis());
    }

    /** Waits until every fact offered so far is committed (tests, shutdown). */
    public boolean awaitCommitted(long timeoutMillis) throws InterruptedException {
        long until = System.currentTimeMillis() + timeoutMillis;
        long target = accepted.sum();
        while (processed.get() < target) {
            if (System.currentTimeMillis() > until) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
        }
        try {
            if (writer != null) {
                writer.join(10_000);
            }
            if (sender != null) {
                LockSupport.unpark(sender);
                sender.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads a segment's lines in order; {@link #position} is the byte offset after the last line read. */
    private static final class SegmentReader implements AutoCloseable {
        final long firstSeq;
        long nextSeq;
        long position;
        private final InputStream in;
        private byte[] line = new byte[1024];

        SegmentReader(long firstSeq, Path file) throws IOException {
            this.firstSeq = firstSeq;
            this.nextSeq = firstSeq;
            this.in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        }

        byte[] next() throws IOException {
            byte[] l = nextOrNull();
            if (l == null) {
                throw new IOException("segment ends before seq " + nextSeq);
            }
            return l;
        }

        /** The next whole line, or null at the end (a line without its newline is not whole). */
        byte[] nextOrNull() throws IOException {
            int n = 0;
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    position += n + 1;
                    nextSeq++;
                    return java.util.Arrays.copyOf(line, n);
                }
                if (n == line.length) {
                    line = java.util.Arrays.copyOf(line, n * 2);
                }
                line[n++] = (byte) b;
            }
            return null;
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }

    /** The highest sequence up to which everything is acknowledged, plus acknowledgements beyond it. */
    static final class AckTracker {
        private long watermark;
        private final TreeSet<Long> above = new TreeSet<>();

        synchronized void reset(long w) {
            watermark = w;
            above.clear();
        }

        synchronized long watermark() {
            return watermark;
        }

        synchronized boolean isAcked(long seq) {
            return seq <= watermark || above.contains(seq);
        }

        synchronized void ack(long seq) {
            if (seq <= watermark) {
                return;
            }
            if (seq != watermark + 1) {
                above.add(seq);
                return;
            }
            watermark = seq;
            while (!above.isEmpty() && above.first() == watermark + 1) {
                watermark = above.pollFirst();
            }
        }
    }
}
