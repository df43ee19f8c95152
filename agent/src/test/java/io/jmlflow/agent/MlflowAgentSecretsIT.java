package io.jmlflow.agent;

import io.jmlflow.testing.MlflowServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A password given in the tracking URI is never printed: not by a program that logs through it (a server that
 * answers, one that is away, a URI that does not parse), not by the exceptions it prints, not by {@code doctor} and
 * not by {@code sync}.
 */
class MlflowAgentSecretsIT {
    private static final String PASSWORD = "Sup3rS3cretPw";

    @TempDir
    Path dir;

    @Test
    void noOutputLineShowsThePassword() throws Exception {
        MlflowServer server = MlflowServer.shared();
        String hostPort = "127.0.0.1:" + server.port();
        List<String> uris = List.of(
                "http://alice:" + PASSWORD + "@" + hostPort + "/", // answers (MLflow without auth ignores it)
                "http://alice:" + PASSWORD + "@127.0.0.1:1/", // nothing listens there
                "http://" + hostPort + "/?token=" + PASSWORD, // a token as a query parameter
                "https://alice:" + PASSWORD + "@host:notaport/", // does not parse
                "http://alice:" + PASSWORD + " x@127.0.0.1:1/", // a space in the password
                "http://alice:p@ss/" + PASSWORD + "@127.0.0.1:1/"); // '@' and '/' in the password: misparsed
        int checked = 0;
        for (int i = 0; i < uris.size(); i++) {
            String uri = uris.get(i);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("MLFLOW_TRACKING_URI", uri);
            env.put("MLFLOW_SPOOL_DIR", dir.resolve("spool-" + i).toString());
            if (!uri.contains(hostPort)) {
                env.put("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0"); // the outcome, not the waiting, is what counts here
            }
            ChildJvm jvm = ChildJvm.main("demo.TrainWithUri").withAgent();
            env.forEach(jvm::env);
            ChildJvm.Result train = jvm.run();
            checked += assertNoPassword(uri, "program", train);
            checked += assertNoPassword(uri, "doctor", ChildJvm.agentCommand(env, "doctor"));
            checked += assertNoPassword(uri, "sync", ChildJvm.agentCommand(env, "sync"));
        }
        assertTrue(checked > 100, "lines checked: " + checked);
    }

    @Test
    void theRunOfAServerThatAnswersShowsItsAddressWithoutThePassword() throws Exception {
        MlflowServer server = MlflowServer.shared();
        ChildJvm.Result r = ChildJvm.main("demo.TrainWithUri").withAgent()
                .env("MLFLOW_TRACKING_URI", "http://alice:" + PASSWORD + "@127.0.0.1:" + server.port()).run();
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("-> http://127.0.0.1:" + server.port() + " (experiment "), r.stderr());
        assertFalse(r.stderr().contains(PASSWORD), r.stderr());
        assertTrue(r.stdout().startsWith("experiments: "), r.stdout());
    }

    private static int assertNoPassword(String uri, String what, ChildJvm.Result r) {
        int lines = 0;
        for (String line : (r.stdout() + "\n" + r.stderr()).split("\n")) {
            assertFalse(line.contains(PASSWORD), what + " with " + uri + " printed: " + line);
            lines++;
        }
        return lines;
    }
}
