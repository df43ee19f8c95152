package io.jmlflow.integrations.tribuo.e2e;

import io.jmlflow.testing.AgentJvm;
import io.jmlflow.testing.JavaProcess;

/**
 * Child JVMs as an application would run: the programs, the Tribuo sample's classes and Tribuo on the class path,
 * jmlflow only through {@code -javaagent:mlflow-agent.jar} (the test programs use jmlflow's API, which the agent jar
 * provides); see {@link AgentJvm}.
 */
final class TribuoJvm {
    private TribuoJvm() {
    }

    /** {@code mainClass} under the agent (with {@code agentArguments} when not null), tracking to {@code trackingUri}. */
    static JavaProcess withAgent(Class<?> mainClass, String agentArguments, String trackingUri, String... args) {
        return AgentJvm.traced(AgentJvm.plain(TribuoJvm.class, mainClass.getName(), args), trackingUri, agentArguments)
                .env("MLFLOW_EXPERIMENT_NAME", "tribuo-sample");
    }
}
