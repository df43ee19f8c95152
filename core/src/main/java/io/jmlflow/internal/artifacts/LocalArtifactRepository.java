package io.jmlflow.internal.artifacts;

import io.jmlflow.internal.FileBytes;
import io.jmlflow.MlflowException;
import io.jmlflow.entities.FileInfo;
import io.jmlflow.internal.Ids;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Artifacts in a local directory ({@code file:} URIs and plain paths). */
public final class LocalArtifactRepository implements ArtifactRepository {
    private final Path root;

    public LocalArtifactRepository(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() { return root; }

    @Override
    public void logArtifact(Path localFile, String artifactPath) {
        Path dir = ArtifactPaths.resolveUnder(root, artifactPath);
        try {
            Files.createDirectories(dir);
            Path target = ArtifactPaths.resolveUnder(root, ArtifactPaths.join(ArtifactPaths.checkRelative(artifactPath),
                    localFile.getFileName().toString()));
            copyAtomically(localFile, target);
        } catch (IOException e) {
            throw new MlflowException(MlflowException.IO_ERROR, "cannot write artifact " + localFile.getFileName()
                    + " under " + dir + ": " + e, e);
        }
    }

    @Override
    public void logArtifacts(Path localDir, String artifactPath) {
        Path dest = ArtifactPaths.resolveUnder(root, artifactPath);
        try (Stream<Path> walk = Files.walk(localDir)) {
            for (Path src : (Iterable<Path>) walk::iterator) {
                Path rel = localDir.relativize(src);
                Path target = ArtifactPaths.resolveUnder(dest, rel.toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(target);
                } else {
                    copyAtomically(src, target);
                }
            }
        } catch (IOException e) {
            throw new MlflowException(MlflowException.IO_ERROR, "cannot write artifacts under " + dest + ": " + e, e);
        }
    }

    /** Straight into place: no temporary folder elsewhere, no second copy. */
    @Override
    public void write(String artifactFile, byte[] content) throws IOException {
        String name = artifactFile.substring(artifactFile.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("artifact file '" + artifactFile + "' names no file");
        }
        Path target = ArtifactPaths.resolveUnder(root, ArtifactPaths.checkRelative(artifactFile));
        if (Files.isDirectory(target)) throw new IOException("artifact file '" + artifactFile + "' is a folder");
        Path tmp = tempBeside(target);
        try {
            FileBytes.writeNew(tmp, content);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void copyAtomically(Path src, Path target) throws IOException {
        Path tmp = tempBeside(target);
        try {
            Files.copy(src, tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A name for a temporary file in {@code target}'s folder (made if missing), for an atomic move onto {@code target};
     * the caller creates it, failing if it exists. Random like {@code Files.createTempFile}'s names, without the
     * {@code SecureRandom} that sets up (see {@link Ids}).
     */
    private static Path tempBeside(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return target.resolveSibling("." + target.getFileName() + "." + Ids.uuidHex().substring(0, 16) + ".tmp");
    }

    @Override
    public List<FileInfo> listArtifacts(String path) {
        String rel = ArtifactPaths.checkRelative(path);
        Path dir = ArtifactPaths.resolveUnder(root, rel);
        List<FileInfo> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> children = Files.list(dir)) {
            for (Path c : (Iterable<Path>) children.sorted(Comparator.comparing(Path::toString))::iterator) {
                String name = c.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".tmp")) continue;
                String childPath = rel.isEmpty() ? name : rel + "/" + name;
                boolean isDir = Files.isDirectory(c);
                out.add(new FileInfo(childPath, isDir, isDir ? null : Files.size(c)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public Path downloadArtifacts(String path, Path destDir) {
        String rel = ArtifactPaths.checkRelative(path);
        Path src = ArtifactPaths.resolveUnder(root, rel);
        if (!Files.exists(src)) throw MlflowException.notFound("artifact '" + rel + "' under " + root);
        try {
            Files.createDirectories(destDir);
            Path target = rel.isEmpty() ? destDir : destDir.resolve(src.getFileName().toString());
            if (Files.isDirectory(src)) {
                try (Stream<Path> walk = Files.walk(src)) {
                    for (Path p : (Iterable<Path>) walk::iterator) {
                        Path t = target.resolve(src.relativize(p).toString());
                        if (Files.isDirectory(p)) Files.createDirectories(t);
                        else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } else {
                Files.copy(src, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new MlflowException(MlflowException.IO_ERROR, "cannot download " + rel + ": " + e, e);
        }
    }
}
