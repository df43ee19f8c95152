package io.jmlflow.internal.models;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configured Python version is used only when it is {@code major.minor} or {@code major.minor.patch}. */
class PythonEnvironmentTest {
    @Test
    void versionsAreTwoOrThreeDottedNumbers() {
        for (String ok : new String[] {"3.11", "3.10.14", "10.0.1"}) assertTrue(PythonEnvironment.isVersion(ok), ok);
        for (String bad : new String[] {"", "3", "3.", ".3", "3..1", "3.11.", "3.1.2.4", "3.x", "v3.11", "3.11 ",
                "\u0663.\u0661"}) {
            assertFalse(PythonEnvironment.isVersion(bad), bad);
        }
    }
}
