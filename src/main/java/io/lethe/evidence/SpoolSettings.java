package io.lethe.evidence;

import java.nio.file.Path;
import java.time.Duration;

/**
 * @param dir             the spool folder ({@code <lethe.data.dir>/evidence})
 * @param queueSize       facts waiting for the writer thread; beyond it new facts are dropped and counted
 * @param maxBytes        largest spool on disk; beyond it new facts are dropped and counted
 * @param warnBytes       spool size from which health carries a warning
 * @param segmentBytes    a segment file is closed and a new one started past this size
 * @param commitMaxEvents most events written (and fsynced) together
 * @param commitMaxDelay  how long the writer waits for more events before a commit (0: commit what is there)
 * @param fsync           force each commit to disk before it is sent
 * @param maxInFlight     events sent and not yet acknowledged
 * @param retryBackoff    wait before sending again after a failure
 * @param stallWarning    health warns when events have waited this long without an acknowledgement
 */
public record SpoolSettings(Path dir, int queueSize, long maxBytes, long warnBytes, long segmentBytes,
                            int commitMaxEvents, Duration commitMaxDelay, boolean fsync, int maxInFlight,
                            Duration retryBackoff, Duration stallWarning) {

    public static SpoolSettings defaults(Path dir) {
        return new SpoolSettings(dir, 65_536, 1L << 30, 800L << 20, 64L << 20, 1024, Duration.ZERO, true, 4096,
                Duration.ofSeconds(1), Duration.ofSeconds(10));
    }
}
