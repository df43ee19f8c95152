package io.jmlflow.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A store the agent cannot write to changes nothing the program does; it only adds warnings on stderr. */
class MlflowAgentFailureIT {
    @TempDir
    Path dir;

    @Test
    void unwritableStoreLeavesOutputAndExitCodeAlone() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-directory"), "x");
        // a path below a regular file cannot be created, even by root
        String uri = "file:" + blocker.resolve("mlruns");
        for (String program : new String[]{"demo.AnnotatedTraining", "demo.FailingTraining"}) {
            ChildJvm.Result plain = ChildJvm.main(program).run();
            ChildJvm.Result traced = ChildJvm.main(program).withAgent().env("MLFLOW_TRACKING_URI", uri).run();
            assertEquals(plain.exitCode(), traced.exitCode(), program + ": " + traced.stderr());
            assertEquals(plain.stdout(), traced.stdout(), program);
            assertEquals(plain.programStderr(), traced.programStderr(), program);
            assertTrue(traced.stderr().contains("[mlflow] WARNING"), program + " says why nothing was tracked: "
                    + traced.stderr());
        }
        assertEquals("x", Files.readString(blocker));
    }
}
