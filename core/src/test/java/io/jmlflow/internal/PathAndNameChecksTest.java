package io.jmlflow.internal;

import io.jmlflow.internal.artifacts.ArtifactPaths;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The small text checks on the logging path, written without regular expressions (compiling one costs more than the
 * check, on every call): they accept and refuse what the expressions they replaced did.
 */
class PathAndNameChecksTest {
    @Test
    void artifactPathsMustBeRelativeWithoutDriveLettersOrParentSteps() {
        assertEquals("a/b", ArtifactPaths.checkRelative("a/./b/"));
        assertEquals("a/b", ArtifactPaths.checkRelative("a\\b"));
        assertEquals("1:x/y", ArtifactPaths.checkRelative("1:x/y"));
        assertEquals(":x", ArtifactPaths.checkRelative(":x"));
        assertEquals("", ArtifactPaths.checkRelative("."));
        for (String bad : new String[] {"C:/x", "c:\\x", "z:", "/abs", "\\abs", "a/../../b", ".."}) {
            assertThrows(IllegalArgumentException.class, () -> ArtifactPaths.checkRelative(bad), bad);
        }
    }

    @Test
    void theSourceNameIsTheCommandsFirstWord() {
        String saved = System.getProperty("sun.java.command");
        try {
            System.setProperty("sun.java.command", "  com.example.Train --rounds 25");
            assertEquals("com.example.Train", SystemTags.sourceName());
            System.setProperty("sun.java.command", "app.jar\targ");
            assertEquals("app.jar", SystemTags.sourceName());
            System.setProperty("sun.java.command", "   ");
            assertEquals("java", SystemTags.sourceName());
        } finally {
            if (saved == null) System.clearProperty("sun.java.command");
            else System.setProperty("sun.java.command", saved);
        }
    }
}
