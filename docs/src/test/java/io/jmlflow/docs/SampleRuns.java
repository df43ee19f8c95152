package io.jmlflow.docs;

import io.jmlflow.testing.PythonMlflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs the tests read, each made once per test JVM in a folder of its own: {@code run-sample.sh <name>} as a
 * user types it, and the README's Python counterpart {@code docs/sklearn_random_forest.py}.
 */
final class SampleRuns {
    record Sample(Path dir, Scripts.Result output) {
        /** The latest run in {@code dir}, as the Python client read it the first time it was asked. */
        RunContents run() {
            return READ.computeIfAbsent(dir, RunContents::latest);
        }
    }

    private static final Map<String, Sample> MADE = new ConcurrentHashMap<>();
    private static final Map<Path, RunContents> READ = new ConcurrentHashMap<>();

    private SampleRuns() {
    }

    /** {@code bash scripts/run-sample.sh [name]} ("smile" runs it with no argument, as the README's command). */
    static Sample script(String name) {
        return MADE.computeIfAbsent(name, n -> {
            Path dir = Scripts.freshDir("sample-" + n);
            Scripts.Result r = n.equals("smile") ? Scripts.run(dir, 300, "run-sample.sh")
                    : Scripts.run(dir, 300, "run-sample.sh", n);
            if (r.exitCode() != 0) throw new AssertionError("run-sample.sh " + n + " failed: " + r.describe());
            return new Sample(dir, r);
        });
    }

    /** Python's {@code mlflow.sklearn.autolog()} on the same kind of fit as the main job. */
    static Sample sklearn() {
        return MADE.computeIfAbsent("sklearn", n -> {
            Path dir = Scripts.freshDir("sklearn");
            try {
                String out = PythonMlflow.run(null, dir, Files.readString(Scripts.root().resolve("docs/sklearn_random_forest.py")));
                return new Sample(dir, new Scripts.Result(0, out, ""));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

}
