package io.jmlflow.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;

/**
 * Folders (0700) and files (0600) that only their owner may use: the spool, which holds params, tags and metrics,
 * and the agent's transform cache, whose entries become classes. On a file system without POSIX permissions the
 * checks pass and files get the platform's defaults (the user's profile folder protects them there).
 */
public final class OwnerOnlyFiles {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> OTHERS_WRITE = EnumSet.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);
    private static volatile UserPrincipal currentUser;

    private OwnerOnlyFiles() {
    }

    /** {@code rwx------}, or nothing where the file system has no POSIX permissions. */
    private static FileAttribute<?>[] folderMode(Path near) {
        return posix(near) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------"))} : new FileAttribute<?>[0];
    }

    private static FileAttribute<?>[] fileMode(Path near) {
        return posix(near) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))} : new FileAttribute<?>[0];
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Creates {@code dir} and its missing parents owner-only (folders that exist keep their mode); when {@code dir}
     * exists and is ours, takes group and other permissions off it (a spool from an older version); refuses one of
     * another user's.
     *
     * @throws IOException when it cannot be created, or belongs to someone else
     */
    public static Path privateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) privateDirectory(parent);
            try {
                Files.createDirectory(dir, folderMode(dir.toAbsolutePath().getParent()));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (!Files.isDirectory(dir)) throw e; // another process made it first: checked below
            }
        }
        String problem = problem(dir, true);
        if (problem == null) return dir;
        if (!isOwnedByCurrentUser(dir)) throw new IOException(problem);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    /** Takes group and other permissions off a file of ours (one an older version wrote); refuses another user's. */
    public static void makePrivate(Path file) throws IOException {
        if (problem(file, true) == null) return;
        if (!isOwnedByCurrentUser(file)) throw new IOException(problem(file, true));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /**
     * Why {@code path} is not safe to trust, or null when it is: it must belong to the user running this JVM and
     * no one else may write to it ({@code strict}: nor read or enter it). Symbolic links are followed (a link the
     * user set up to a folder of theirs is fine).
     */
    public static String problem(Path path, boolean strict) throws IOException {
        if (!posix(path)) return null;
        PosixFileAttributes a = Files.getFileAttributeView(path, PosixFileAttributeView.class).readAttributes();
        return problem(path, a, strict);
    }

    /** As {@link #problem(Path, boolean)} for a file whose attributes were read already (without following links). */
    public static String problem(Path path, PosixFileAttributes a, boolean strict) throws IOException {
        if (a.isSymbolicLink()) return path + " is a symbolic link";
        UserPrincipal me = currentUser();
        if (me != null && !me.equals(a.owner())) {
            return path + " belongs to " + a.owner().getName() + ", not to " + me.getName();
        }
        Set<PosixFilePermission> loose = EnumSet.copyOf(strict ? OTHERS : OTHERS_WRITE);
        loose.retainAll(a.permissions());
        if (loose.isEmpty()) return null;
        return path + " has the mode " + PosixFilePermissions.toString(a.permissions()) + " (" + (strict
                ? "others may use it; it must be " + (a.isDirectory() ? "rwx------" : "rw-------")
                : "others may write to it") + ")";
    }

    /** The attributes of {@code path} itself (a link is not followed), or null on a file system without them. */
    public static PosixFileAttributes attributesOf(Path path) throws IOException {
        if (!posix(path)) return null;
        return Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes();
    }

    private static boolean isOwnedByCurrentUser(Path path) throws IOException {
        UserPrincipal me = currentUser();
        return me == null || me.equals(Files.getOwner(path));
    }

    /** Writes {@code bytes} to a new owner-only file {@code file} (replacing one that is there). */
    public static void write(Path file, byte[] bytes) throws IOException {
        Files.deleteIfExists(file);
        try (SeekableByteChannel out = Files.newByteChannel(file, EnumSet.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), fileMode(file.toAbsolutePath().getParent()))) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) out.write(b);
        }
    }

    /** Opens {@code file} for writing (a lock file), creating it owner-only when missing. */
    public static FileChannel openForLocking(Path file) throws IOException {
        return FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                fileMode(file.toAbsolutePath().getParent()));
    }

    /**
     * The user this JVM runs as: the owner of {@code /proc/self} where there is one (whatever {@code user.name}
     * says), else the account named {@code user.name}; null when neither is known (the owner check is then skipped).
     */
    static UserPrincipal currentUser() {
        UserPrincipal me = currentUser;
        if (me != null) return me;
        try {
            Path self = Paths.get("/proc/self");
            me = Files.exists(self) ? Files.getOwner(self)
                    : FileSystems.getDefault().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        currentUser = me;
        return me;
    }
}
