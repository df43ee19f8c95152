package io.jmlflow.autolog.spi;

import io.jmlflow.AutologOptions;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.autolog.AutologState;
import io.jmlflow.internal.autolog.AutologTesting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutologGuardTest {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Consumer<String> listener = lines::add;
    private AutologGuard guard;

    @BeforeEach
    void setUp() {
        Log.resetOnceForTesting();
        Log.addListener(listener);
        guard = AutologGuard.of("guarded");
        guard.resetForTesting();
    }

    @AfterEach
    void tearDown() {
        Log.removeListener(listener);
        AutologState.resetForTesting();
        AutologTesting.reraiseForTesting(false);
    }

    private static RuntimeException bugAt(int line) {
        RuntimeException e = new IllegalStateException("a bug of ours");
        e.setStackTrace(new StackTraceElement[] {new StackTraceElement("io.jmlflow.X", "hook", "X.java", line)});
        return e;
    }

    @Test
    void oneGuardPerIntegration() {
        assertSame(guard, AutologGuard.of("guarded"));
        assertEquals("guarded", guard.integration());
    }

    @Test
    void onlyTheOutermostCallOfAnEnabledIntegrationIsLogged() {
        CallDepth depth = new CallDepth();
        assertTrue(guard.enter(depth));
        assertFalse(guard.enter(depth), "nested");
        depth.exit();
        depth.exit();
        AutologState.configure(AutologOptions.create().library("guarded", false));
        assertFalse(guard.enter(depth), "switched off for this integration");
        depth.exit();
        AutologState.configure(AutologOptions.create().disable(true));
        assertFalse(guard.on());
    }

    @Test
    void aFailureWarnsOncePerCauseAndSwitchesTheIntegrationOff() {
        guard.failed(bugAt(10));
        guard.failed(bugAt(10));
        assertTrue(guard.broken());
        assertFalse(guard.enter(new CallDepth()));
        guard.failed(bugAt(20));
        assertEquals(List.of(
                "WARNING: guarded autologging failed and is off from now on (training goes on unlogged): "
                        + "java.lang.IllegalStateException: a bug of ours",
                "WARNING: guarded autologging failed and is off from now on (training goes on unlogged): "
                        + "java.lang.IllegalStateException: a bug of ours"), lines, "two causes, two lines");
    }

    @Test
    void aLinkageErrorNamesTheLibraryVersionTheAgentFound() {
        guard.libraryFound("Demo", "1.2.3");
        guard.failed(new NoSuchMethodError("demo.Model.fit(I)V"));
        assertEquals(List.of("WARNING: guarded autologging is off: it cannot use Demo 1.2.3 "
                + "(java.lang.NoSuchMethodError: demo.Model.fit(I)V); training goes on unlogged"), lines);
    }

    @Test
    void testsCanHaveFailuresRaised() {
        AutologTesting.reraiseForTesting(true);
        RuntimeException bug = bugAt(30);
        AssertionError raised = assertThrows(AssertionError.class, () -> guard.failed(bug));
        assertSame(bug, raised.getCause());
        assertEquals(1, lines.size(), "and warned as well");
    }
}
