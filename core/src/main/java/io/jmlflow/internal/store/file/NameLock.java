package io.jmlflow.internal.store.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock experiment names are created under, across threads and processes: an exclusive lock on
 * {@code <root>/.experiment-names.lock} (a file: MLflow's file store lists only folders, so it does not see it).
 * Python MLflow does not take it; JVMs of this library do.
 */
final class NameLock implements AutoCloseable {
    static final String FILE = ".experiment-names.lock";
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock jvmLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private NameLock(ReentrantLock jvmLock, FileChannel channel, FileLock fileLock) {
        this.jvmLock = jvmLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Waits for the lock of the store at {@code root}. */
    static NameLock acquire(Path root) throws IOException {
        Path file = root.resolve(FILE).toAbsolutePath().normalize();
        // a JVM may hold a file's lock only once: threads of one JVM queue here first
        ReentrantLock jvm = IN_JVM.computeIfAbsent(file, k -> new ReentrantLock());
        jvm.lock();
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new NameLock(jvm, ch, ch.lock());
        } catch (IOException | RuntimeException e) {
            if (ch != null) ch.close();
            jvm.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            jvmLock.unlock();
        }
    }
}
