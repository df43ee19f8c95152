package io.jmlflow.samples.tribuo;

import io.jmlflow.testing.JavaProcess;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Child JVMs as an application would run: the sample's classes and Tribuo on the class path, jmlflow only through
 * {@code -javaagent:mlflow-agent.jar} (the test programs' classes are there too; they use jmlflow's API, which the
 * agent jar provides).
 */
final class SampleJvm {
    private SampleJvm() {
    }

    static Path agentJar() {
        Path jar = Paths.get(System.getProperty("mlflow.agent.jar", "../../agent/target/mlflow-agent.jar"));
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("agent jar not built: " + jar);
        return jar;
    }

    static Path sampleClasses() {
        return Paths.get(System.getProperty("sample.classes", "target/classes"));
    }

    static Path testClasses() {
        return Paths.get(System.getProperty("sample.test.classes", "target/test-classes"));
    }

    /** Tribuo and its dependencies, as the build wrote them. */
    static List<String> tribuoClassPath() {
        Path file = Paths.get(System.getProperty("tribuo.runtime.classpath", "target/runtime-classpath.txt"));
        try {
            List<String> out = new ArrayList<>();
            for (String e : Files.readString(file).trim().split(File.pathSeparator)) if (!e.isBlank()) out.add(e);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static String applicationClassPath() {
        List<String> cp = new ArrayList<>();
        cp.add(sampleClasses().toString());
        cp.add(testClasses().toString());
        cp.addAll(tribuoClassPath());
        return String.join(File.pathSeparator, cp);
    }

    /** {@code mainClass} under the agent (with {@code agentArguments} when not null), tracking to {@code trackingUri}. */
    static JavaProcess withAgent(Class<?> mainClass, String agentArguments, String trackingUri, String... args) {
        return JavaProcess.main(mainClass, args)
                .classpath(applicationClassPath())
                .jvmArg("-javaagent:" + agentJar().toAbsolutePath() + (agentArguments == null ? "" : "=" + agentArguments))
                .env("MLFLOW_TRACKING_URI", trackingUri)
                .env("MLFLOW_EXPERIMENT_NAME", "tribuo-sample");
    }
}
