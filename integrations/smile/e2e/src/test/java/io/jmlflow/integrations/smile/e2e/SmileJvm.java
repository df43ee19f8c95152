package io.jmlflow.integrations.smile.e2e;

import io.jmlflow.testing.AgentJvm;
import io.jmlflow.testing.JavaProcess;

/** Child JVMs running this module's Smile 3 programs as a user would (see {@link AgentJvm}). */
final class SmileJvm {
    private SmileJvm() {
    }

    /** {@code mainClass} without the agent. */
    static JavaProcess plain(Class<?> mainClass, String... args) {
        return AgentJvm.plain(SmileJvm.class, mainClass.getName(), args);
    }

    /** {@code mainClass} with {@code -javaagent:mlflow-agent.jar}, logging to {@code trackingUri}. */
    static JavaProcess traced(Class<?> mainClass, String trackingUri, String... args) {
        return AgentJvm.traced(plain(mainClass, args), trackingUri, null);
    }

    static JavaProcess.Result ok(JavaProcess p) {
        return AgentJvm.ok(p);
    }
}
