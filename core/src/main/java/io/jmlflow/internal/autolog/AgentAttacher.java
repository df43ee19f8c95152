package io.jmlflow.internal.autolog;

import io.jmlflow.MlflowConfig;
import io.jmlflow.internal.Log;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes the jmlflow agent active in a JVM started without {@code -javaagent}, for {@code Mlflow.autolog()}.
 * The agent jar is found through {@code agent.jar} ({@code -Dmlflow.agent.jar}, {@code MLFLOW_AGENT_JAR}), on the
 * class path, or next to the jmlflow-core jar. It is loaded in-process when the JVM allows attaching to itself
 * ({@code -Djdk.attach.allowAttachSelf=true}), otherwise by a short-lived helper JVM
 * ({@code java -jar mlflow-agent.jar attach <pid>}). When attaching is not allowed, one warning says which flag or
 * {@code -javaagent} line fixes it. Never throws.
 */
public final class AgentAttacher {
    /** Set by the agent when it starts: "premain" or "agentmain". */
    public static final String INSTALLED_PROPERTY = "io.jmlflow.agent.installed";
    /** Configuration key for the agent jar's path. */
    public static final String AGENT_JAR_KEY = "agent.jar";
    static final String AGENT_CLASS_RESOURCE = "io/jmlflow/agent/MlflowAgent.class";
    private static final long HELPER_TIMEOUT_SECONDS = 60;

    private AgentAttacher() {
    }

    /** True when the agent runs in this JVM (given with -javaagent or attached). */
    public static boolean isInstalled() {
        return System.getProperty(INSTALLED_PROPERTY) != null;
    }

    /** Attaches the agent unless it runs already; true when it runs afterwards. */
    public static synchronized boolean ensureInstalled() {
        if (isInstalled()) return true;
        try {
            Path jar = findAgentJar();
            if (jar == null) {
                Log.warn("Mlflow.autolog(): the jmlflow agent jar (mlflow-agent.jar) is not on the class path, not "
                        + "next to jmlflow-core, and not set with -Dmlflow.agent.jar / MLFLOW_AGENT_JAR; autologging "
                        + "is off. Start the JVM with -javaagent:/path/to/mlflow-agent.jar");
                return false;
            }
            String failure = attach(jar);
            if (failure == null && isInstalled()) {
                if (Runtime.version().feature() >= 21 && !jvmFlags().contains("-XX:+EnableDynamicAgentLoading")) {
                    Log.info("attached the jmlflow agent at run time; JDK 21+ warns about agents loaded this way: start "
                            + "the JVM with -javaagent:" + jar + " (or -XX:+EnableDynamicAgentLoading) to avoid it");
                }
                return true;
            }
            Log.warn(failureMessage(failure == null ? "the agent did not start" : failure, jar,
                    Runtime.version().feature(), jvmFlags()));
            return false;
        } catch (RuntimeException | LinkageError e) {
            Log.warn("Mlflow.autolog(): could not attach the jmlflow agent (" + e + "); autologging is off. Start the "
                    + "JVM with -javaagent:/path/to/mlflow-agent.jar");
            return false;
        }
    }

    /** The one-line explanation and fix for a failed attach. */
    static String failureMessage(String reason, Path jar, int javaFeature, List<String> jvmFlags) {
        StringBuilder fix = new StringBuilder("start the JVM with -javaagent:").append(jar);
        if (jvmFlags.contains("-XX:+DisableAttachMechanism")) {
            fix.append(" (this JVM runs with -XX:+DisableAttachMechanism, which forbids attaching)");
        } else if (javaFeature >= 21) {
            fix.append(jvmFlags.contains("-XX:-EnableDynamicAgentLoading")
                    ? ", or drop -XX:-EnableDynamicAgentLoading (JEP 451)"
                    : ", or allow loading agents at run time with -XX:+EnableDynamicAgentLoading (JEP 451)");
        }
        return "Mlflow.autolog(): could not attach the jmlflow agent to this JVM (" + reason + "); autologging is off. "
                + "Fix: " + fix;
    }

    private static List<String> jvmFlags() {
        try {
            return ManagementFactory.getRuntimeMXBean().getInputArguments();
        } catch (RuntimeException | LinkageError e) {
            return List.of();
        }
    }

    // ------------------------------------------------------------------ finding the jar

    /** The agent jar to attach, or null. */
    static Path findAgentJar() {
        String configured = MlflowConfig.get(AGENT_JAR_KEY);
        if (configured != null) return Paths.get(configured).toAbsolutePath();
        for (ClassLoader loader : new ClassLoader[]{AgentAttacher.class.getClassLoader(), ClassLoader.getSystemClassLoader()}) {
            Path onClassPath = loader == null ? null : jarOf(loader.getResource(AGENT_CLASS_RESOURCE));
            if (onClassPath != null) return onClassPath;
        }
        Path core = codeSource(AgentAttacher.class);
        if (core != null && Files.isRegularFile(core) && core.getParent() != null) {
            Path sibling = core.getParent().resolve("mlflow-agent.jar");
            if (Files.isRegularFile(sibling)) return sibling;
            try (var files = Files.list(core.getParent())) {
                return files.filter(p -> p.getFileName().toString().matches("jmlflow-agent-.*\\.jar")
                        && !p.getFileName().toString().contains("sources")).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    /** The jar file a {@code jar:} resource URL points into; null for directories and other URLs. */
    static Path jarOf(URL resource) {
        if (resource == null || !"jar".equals(resource.getProtocol())) return null;
        String spec = resource.getPath();
        int bang = spec.indexOf("!/");
        if (bang < 0) return null;
        try {
            Path p = Paths.get(URI.create(spec.substring(0, bang)));
            return Files.isRegularFile(p) ? p : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Path codeSource(Class<?> type) {
        try {
            var cs = type.getProtectionDomain().getCodeSource();
            return cs == null || cs.getLocation() == null ? null : Paths.get(cs.getLocation().toURI());
        } catch (Exception e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ attaching

    /** Loads the agent into this JVM; null on success, else the reason it failed. */
    static String attach(Path jar) {
        String pid = Long.toString(ProcessHandle.current().pid());
        if (Boolean.getBoolean("jdk.attach.allowAttachSelf") && ModuleLayer.boot().findModule("jdk.attach").isPresent()) {
            String failure = attachInProcess(jar, pid);
            if (failure == null) return null;
        }
        return attachFromHelper(jar, pid);
    }

    private static String attachInProcess(Path jar, String pid) {
        try {
            Class<?> vmType = Class.forName("com.sun.tools.attach.VirtualMachine");
            Object vm = vmType.getMethod("attach", String.class).invoke(null, pid);
            try {
                vmType.getMethod("loadAgent", String.class, String.class).invoke(vm, jar.toString(), "");
            } finally {
                vmType.getMethod("detach").invoke(vm);
            }
            return null;
        } catch (InvocationTargetException e) {
            return String.valueOf(e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return e.toString();
        }
    }

    private static String attachFromHelper(Path jar, String pid) {
        Path java = Paths.get(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-jar", jar.toString(), "attach", pid));
        File log = null;
        try {
            log = File.createTempFile("mlflow-attach", ".log");
            Process helper = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            helper.getOutputStream().close();
            if (!helper.waitFor(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                helper.destroyForcibly();
                return "the attach helper did not finish within " + HELPER_TIMEOUT_SECONDS + " s";
            }
            if (helper.exitValue() == 0) return null;
            String out = Files.readString(log.toPath(), StandardCharsets.UTF_8).trim();
            String last = out.isEmpty() ? "exit code " + helper.exitValue() : out.substring(out.lastIndexOf('\n') + 1);
            return last.replaceFirst("^\\[mlflow] (ERROR: )?", "");
        } catch (IOException e) {
            return "could not run " + java + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            if (log != null && !log.delete()) log.deleteOnExit();
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }
}
