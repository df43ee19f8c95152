package io.jmlflow.agent;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The advice Mlflow.autolog() gives when it cannot attach, and how it recognises the agent jar. */
class AgentAttacherTest {
    private static String message(int feature, List<String> flags) throws Exception {
        Method m = Class.forName("io.jmlflow.internal.autolog.AgentAttacher")
                .getDeclaredMethod("failureMessage", String.class, Path.class, int.class, List.class);
        m.setAccessible(true);
        return (String) m.invoke(null, "reason X", Paths.get("/opt/mlflow-agent.jar"), feature, flags);
    }

    @Test
    void sayWhichFlagOrJavaagentLineFixesIt() throws Exception {
        String jdk17 = message(17, List.of());
        assertTrue(jdk17.contains("reason X"), jdk17);
        assertTrue(jdk17.contains("-javaagent:/opt/mlflow-agent.jar"), jdk17);
        assertFalse(jdk17.contains("EnableDynamicAgentLoading"), jdk17);

        String jdk21 = message(21, List.of("-XX:-EnableDynamicAgentLoading"));
        assertTrue(jdk21.contains("drop -XX:-EnableDynamicAgentLoading"), jdk21);
        assertTrue(jdk21.contains("JEP 451"), jdk21);

        String jdk25 = message(25, List.of());
        assertTrue(jdk25.contains("-XX:+EnableDynamicAgentLoading"), jdk25);

        String noAttach = message(25, List.of("-XX:+DisableAttachMechanism"));
        assertTrue(noAttach.contains("-XX:+DisableAttachMechanism"), noAttach);
        assertTrue(noAttach.contains("-javaagent:/opt/mlflow-agent.jar"), noAttach);
    }

    @Test
    void findsTheJarBehindAResourceUrl() throws Exception {
        Method jarOf = Class.forName("io.jmlflow.internal.autolog.AgentAttacher").getDeclaredMethod("jarOf", URL.class);
        jarOf.setAccessible(true);
        Path jar = Files.createTempFile("some-agent", ".jar");
        try {
            URL inJar = new URL("jar:" + jar.toUri() + "!/io/jmlflow/agent/MlflowAgent.class");
            assertEquals(jar, jarOf.invoke(null, inJar));
            assertNull(jarOf.invoke(null, jar.getParent().toUri().toURL()), "a directory is not an agent jar");
            assertNull(jarOf.invoke(null, (Object) null));
        } finally {
            Files.delete(jar);
        }
    }
}
