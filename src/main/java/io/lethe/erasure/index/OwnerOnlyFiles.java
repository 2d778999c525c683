package io.lethe.erasure.index;

import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files of the erasure registry readable by the process owner only ({@code rw-------}): the registry lists who
 * asked to be forgotten, so its files are private on their own, not only through their {@code rwx------} folder
 * (a backup or a copy that keeps modes but not the folder); {@code config} writes the generated evidence key with
 * {@link #create} too. On a file system without POSIX permissions the platform's defaults stay. Stateless; any
 * thread.
 */
public final class OwnerOnlyFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {
    }

    /**
     * A new file {@code p} (replacing one there), created {@code rw-------} before any byte is written, open for
     * writing.
     *
     * @throws IOException when it cannot be created
     */
    public static OutputStream create(Path p) throws IOException {
        Files.deleteIfExists(p);  // an existing file would keep its mode
        FileAttribute<?>[] attrs = POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_RW)} : new FileAttribute<?>[0];
        return Channels.newOutputStream(Files.newByteChannel(p,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs));
    }

    /** Sets every regular file directly in folder {@code dir} to {@code rw-------} ({@link #restrict}). */
    static void restrictFiles(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                restrict(f);
            }
        }
    }

    /** Sets {@code p} to {@code rw-------} where the file system has POSIX permissions. */
    static void restrict(Path p) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(p, OWNER_RW);
        }
    }

    /**
     * Lucene's files under {@code dir} made {@code rw-------} as each is created, before Lucene writes to it
     * (Lucene's {@code FSDirectory} creates them with the process's umask).
     */
    static Directory directory(FSDirectory dir) {
        return new FilterDirectory(dir) {
            @Override
            public IndexOutput createOutput(String name, IOContext context) throws IOException {
                IndexOutput out = super.createOutput(name, context);
                restrictOrClose(out, dir.getDirectory().resolve(name));
                return out;
            }

            @Override
            public IndexOutput createTempOutput(String prefix, String suffix, IOContext context) throws IOException {
                IndexOutput out = super.createTempOutput(prefix, suffix, context);
                restrictOrClose(out, dir.getDirectory().resolve(out.getName()));
                return out;
            }
        };
    }

    private static void restrictOrClose(IndexOutput out, Path p) throws IOException {
        try {
            restrict(p);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }
}
