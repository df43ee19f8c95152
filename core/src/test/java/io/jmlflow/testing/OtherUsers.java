package io.jmlflow.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files that belong to another user, for tests of what we refuse to trust. */
public final class OtherUsers {
    private OtherUsers() {
    }

    /** True when the tests run as root (then they can give a file away). */
    public static boolean isRoot() throws Exception {
        return "root".equals(Files.getOwner(Path.of("/proc/self")).getName());
    }

    /** Gives {@code path} to the user {@code nobody} (uid 65534); only root may. */
    public static Path giveToNobody(Path path) throws Exception {
        Process chown = new ProcessBuilder("chown", "65534", path.toString()).inheritIO().start();
        if (chown.waitFor() != 0) throw new IllegalStateException("chown failed for " + path);
        return path;
    }

    /**
     * A folder of another user: {@code candidate} given to {@code nobody} when the tests run as root, else
     * {@code /usr} (root's).
     */
    public static Path folder(Path candidate) throws Exception {
        if (!isRoot()) return Path.of("/usr");
        return giveToNobody(Files.createDirectories(candidate));
    }
}
