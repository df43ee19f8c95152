package io.jmlflow.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code mlflow.*} tags every new run gets: user, source, git commit and branch, run name. */
public final class SystemTags {
    public static final String RUN_NAME = "mlflow.runName";
    public static final String USER = "mlflow.user";
    public static final String SOURCE_NAME = "mlflow.source.name";
    public static final String SOURCE_TYPE = "mlflow.source.type";
    public static final String GIT_COMMIT = "mlflow.source.git.commit";
    public static final String GIT_BRANCH = "mlflow.source.git.branch";
    public static final String GIT_REPO_URL = "mlflow.source.git.repoURL";
    public static final String PARENT_RUN_ID = "mlflow.parentRunId";
    public static final String AUTOLOGGING = "mlflow.autologging";
    public static final String LOG_MODEL_HISTORY = "mlflow.log-model.history";

    private static volatile Map<String, String> cached;

    private SystemTags() {
    }

    /** The tags for a new run in this process (computed once; cheap afterwards). */
    public static Map<String, String> forNewRun() {
        Map<String, String> c = cached;
        if (c == null) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(USER, System.getProperty("user.name", "unknown"));
            m.put(SOURCE_NAME, sourceName());
            m.put(SOURCE_TYPE, "LOCAL");
            GitInfo git = GitInfo.find(Paths.get("").toAbsolutePath());
            if (git != null) {
                if (git.commit != null) m.put(GIT_COMMIT, git.commit);
                if (git.branch != null) m.put(GIT_BRANCH, git.branch);
            }
            cached = c = Map.copyOf(m);
        }
        return c;
    }

    /** The main class or jar this JVM was started with ({@code sun.java.command}'s first word). */
    static String sourceName() {
        String cmd = System.getProperty("sun.java.command", "");
        String s = cmd.trim();
        int end = 0;
        while (end < s.length() && " \t\n\u000B\f\r".indexOf(s.charAt(end)) < 0) end++; // regex \s
        return end == 0 ? "java" : s.substring(0, end);
    }

    /** The commit and branch of the git work tree containing a directory, read from {@code .git} without git. */
    static final class GitInfo {
        final String commit;
        final String branch;

        private GitInfo(String commit, String branch) {
            this.commit = commit;
            this.branch = branch;
        }

        static GitInfo find(Path start) {
            try {
                for (Path dir = start; dir != null; dir = dir.getParent()) {
                    Path git = dir.resolve(".git");
                    if (Files.isRegularFile(git)) { // worktree or submodule: "gitdir: <path>"
                        String line = FileBytes.readString(git).trim();
                        if (!line.startsWith("gitdir:")) return null;
                        git = dir.resolve(line.substring("gitdir:".length()).trim()).normalize();
                    }
                    if (Files.isDirectory(git) && Files.isRegularFile(git.resolve("HEAD"))) return read(git);
                }
            } catch (IOException | RuntimeException e) {
                return null;
            }
            return null;
        }

        private static GitInfo read(Path gitDir) throws IOException {
            String head = FileBytes.readString(gitDir.resolve("HEAD")).trim();
            if (!head.startsWith("ref:")) return new GitInfo(head, null);
            String ref = head.substring(4).trim();
            String branch = ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
            Path common = gitDir;
            Path commonDir = gitDir.resolve("commondir");
            if (Files.isRegularFile(commonDir)) {
                common = gitDir.resolve(FileBytes.readString(commonDir).trim()).normalize();
            }
            for (Path base : List.of(gitDir, common)) {
                Path loose = base.resolve(ref);
                if (Files.isRegularFile(loose)) {
                    return new GitInfo(FileBytes.readString(loose).trim(), branch);
                }
                Path packed = base.resolve("packed-refs");
                if (Files.isRegularFile(packed)) {
                    for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                        if (line.endsWith(" " + ref)) return new GitInfo(line.substring(0, line.indexOf(' ')), branch);
                    }
                }
            }
            return new GitInfo(null, branch); // a branch with no commit yet
        }
    }
}
