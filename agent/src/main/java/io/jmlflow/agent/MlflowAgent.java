package io.jmlflow.agent;

import io.jmlflow.MlflowConfig;
import io.jmlflow.autolog.spi.Integration;

import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * The agent's entry points: {@code -javaagent:mlflow-agent.jar[=key=value,...]} ({@link #premain}) and attaching
 * at run time from {@code Mlflow.autolog()} ({@link #agentmain}).
 *
 * <p>Start-up cost is kept to that of an empty agent: this registers one small {@link DeferredTransformer} and
 * nothing else (no Byte Buddy, Jackson, HTTP client or store), after moving the agent jar ahead in the class path
 * search when the class path is long ({@link ClassPathOrder}). Byte Buddy is set up when the first class that needs
 * it is loaded, or ahead of that on a background thread when an instrumented library is on the class path
 * ({@link AgentWarmUp}). Agent code avoids lambdas and is compiled with {@code -XDstringConcat=inline}, as both
 * would bootstrap {@code invokedynamic} machinery during start-up.
 *
 * <p>Byte Buddy stays on the class path (relocated), not on {@code Boot-Class-Path}: boot classes skip bytecode
 * verification, which was measured to save about 50 of the 450-550 ms the first instrumented class costs (busy
 * 2-core machine, JDK 17), and nothing in applications that never load one. It would need a second jar file next to
 * {@code mlflow-agent.jar} (or one extracted at run time), which is not worth that.
 */
public final class MlflowAgent {
    /** Same value as {@code io.jmlflow.internal.autolog.AgentAttacher.INSTALLED_PROPERTY}. */
    static final String INSTALLED_PROPERTY = "io.jmlflow.agent.installed";
    /** {@code agent.enabled=false} turns the agent off without removing {@code -javaagent}. */
    static final String ENABLED_KEY = "agent.enabled";

    private MlflowAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, false);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, true);
    }

    private static synchronized void start(String arguments, Instrumentation instrumentation, boolean atRunTime) {
        try {
            MlflowConfig.setAgentArguments(arguments);
            if (System.getProperty(INSTALLED_PROPERTY) != null) return; // loaded twice: the first one stays
            if (!MlflowConfig.getBoolean(ENABLED_KEY, true)) return;
            boolean jarMoved = !atRunTime && ClassPathOrder.moveAgentJarForward(instrumentation);
            // Byte Buddy's Nexus is only needed for LoadedTypeInitializers, which disableClassFormatChanges rules
            // out; disabling it skips its set-up (and, on JDK 25, some sun.misc.Unsafe warnings). The name is
            // relocated with Byte Buddy, so an application's own Byte Buddy is not affected.
            if (System.getProperty("net.bytebuddy.nexus.disabled") == null) {
                System.setProperty("net.bytebuddy.nexus.disabled", "true");
            }
            if (io.jmlflow.internal.autolog.AutologState.options().silent()) io.jmlflow.internal.Log.setSilent(true);
            List<Integration> integrations = Integrations.load(MlflowAgent.class.getClassLoader());
            DeferredTransformer transformer = new DeferredTransformer(integrations);
            instrumentation.addTransformer(transformer, true);
            System.setProperty(INSTALLED_PROPERTY, atRunTime ? "agentmain" : "premain");
            if (atRunTime) LoadedClasses.retransform(instrumentation, transformer);
            ClassPreload preload = atRunTime ? null : ClassPreload.of(instrumentation, transformer);
            if (preload != null) preload.recordAtExit();
            AgentWarmUp.startIfUseful(integrations, transformer, preload, jarMoved);
        } catch (Throwable t) {
            // Not through Log: SLF4J must not be initialised from premain, before the application configured it.
            System.err.println(io.jmlflow.internal.Redaction.text(
                    "[mlflow] ERROR: the jmlflow agent could not start and is off: " + t));
        }
    }
}
