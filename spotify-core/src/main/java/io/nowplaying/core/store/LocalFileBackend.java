package io.nowplaying.core.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The token state in a local file for development: mode 0600, written atomically (temp file in the
 * same folder, then rename) so a crash never leaves half a refresh token. Each read-modify-write
 * holds a lock (a JVM-wide lock per file plus an OS lock on a {@code <name>.lock} sibling, hidden), so the
 * compare-and-swap is exact even between several store objects or processes sharing the file.
 */
public final class LocalFileBackend implements TokenBackend {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** One lock per file for this JVM: OS file locks are held per process, not per thread. */
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path file;

    public LocalFileBackend(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public <T> T exclusively(Supplier<T> readModifyWrite) {
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
        jvmLock.lock();
        try {
            Files.createDirectories(file.getParent());
            Path lockFile = hiddenSibling(".lock");
            try (FileChannel channel =
                    FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock osLock = channel.lock();
                try {
                    return readModifyWrite.get();
                } finally {
                    osLock.release();
                }
            }
        } catch (IOException e) {
            throw new TokenStoreException(
                    "could not lock the token file " + file + ": "
                            + e.getClass().getSimpleName(),
                    e);
        } finally {
            jvmLock.unlock();
        }
    }

    @Override
    public Snapshot read() {
        try {
            return new Snapshot(Files.readString(file, StandardCharsets.UTF_8), null);
        } catch (NoSuchFileException e) {
            return new Snapshot(null, null);
        } catch (IOException e) {
            throw new TokenStoreException(
                    "could not read the token file " + file + ": "
                            + e.getClass().getSimpleName(),
                    null);
        }
    }

    /** Unconditional: {@link #exclusively} holds the file lock across the read and this write. */
    @Override
    public boolean writeIfUnchanged(String json, Snapshot basedOn) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = hiddenSibling(".tmp");
            Files.deleteIfExists(temp);
            try {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
                Files.writeString(temp, "");
            }
            Files.writeString(temp, json, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (IOException e) {
            throw new TokenStoreException(
                    "could not write the token file " + file + ": "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }

    /**
     * The lock or temporary file beside the token file: its name plus {@code suffix}, hidden, so
     * {@code .spotify-tokens.json} has {@code .spotify-tokens.json.lock}, which .gitignore lists.
     */
    private Path hiddenSibling(String suffix) {
        String name = file.getFileName().toString();
        return file.resolveSibling((name.startsWith(".") ? name : "." + name) + suffix);
    }
}
