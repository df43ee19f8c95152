package io.jmlflow.agent.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentCliTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path scratch;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return AgentCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsCommandsAndTheConfigurationScheme() {
        assertEquals(0, run("--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String s : new String[]{"doctor", "sync", "-javaagent:mlflow-agent.jar=", "-Dmlflow.autolog.log.models=false",
                "MLFLOW_AUTOLOG_LOG_MODELS=false", "autolog.exclusive", "annotations.enabled"}) {
            assertTrue(help.contains(s), s);
        }
        assertEquals(0, run(), "no command prints the help too");
    }

    @Test
    void syncWithAnEmptySpoolHasNothingToReplay() throws Exception {
        io.jmlflow.MlflowConfig.set("spool.dir", java.nio.file.Files.createTempDirectory(scratch, "spool").toString());
        try {
            assertEquals(0, run("sync"));
        } finally {
            io.jmlflow.MlflowConfig.set("spool.dir", null);
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).trim().startsWith("nothing to replay"), out.toString());
    }

    @Test
    void syncAllWithAnEmptySpoolHasNothingToReplayEither() throws Exception {
        io.jmlflow.MlflowConfig.set("spool.dir", java.nio.file.Files.createTempDirectory(scratch, "spool").toString());
        try {
            assertEquals(0, run("sync", "--all"));
        } finally {
            io.jmlflow.MlflowConfig.set("spool.dir", null);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.trim().startsWith("nothing to replay: the spool"), printed);
    }

    @Test
    void unknownCommandsFail() {
        assertEquals(2, run("frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'frobnicate'"));
    }

    @Test
    void doctorFindsTheLocalDirectoryOfEachStoreKind() {
        Path cwd = Paths.get("").toAbsolutePath();
        assertEquals(cwd, DoctorCommand.localDirectory("sqlite:///mlflow.db"));
        assertEquals(Paths.get("/data"), DoctorCommand.localDirectory("sqlite:////data/mlflow.db"));
        assertEquals(Paths.get("/data/mlruns"), DoctorCommand.localDirectory("file:/data/mlruns"));
        assertEquals(Paths.get("/data/mlruns"), DoctorCommand.localDirectory("file:///data/mlruns"));
        assertEquals(cwd.resolve("mlruns"), DoctorCommand.localDirectory("file:./mlruns"));
        assertEquals(cwd.resolve("runs"), DoctorCommand.localDirectory("runs"));
        assertNull(DoctorCommand.localDirectory("http://127.0.0.1:5000"));
    }
}
