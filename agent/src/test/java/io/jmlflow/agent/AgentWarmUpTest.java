package io.jmlflow.agent;

import io.jmlflow.autolog.spi.Integration;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The start-up warm-up: only when an instrumented library is there, and it leaves Byte Buddy ready. */
class AgentWarmUpTest {
    @Test
    void onlyALibraryOnTheClassPathIsAReasonToWarmUp() {
        assertTrue(AgentWarmUp.libraryPresent(List.<Integration>of(new TestIntegration(Set.of("demo.lib.Library"), Set.of()))));
        assertFalse(AgentWarmUp.libraryPresent(List.<Integration>of(
                new TestIntegration(Set.of("no.such.library.Trainer"), Set.of()))));
    }

    @Test
    void warmingUpSetsUpByteBuddyAndAClassLoadedLaterIsStillInstrumented() throws Exception {
        TestIntegration integration = new TestIntegration(Set.of("demo.lib.Library"), Set.of());
        DeferredTransformer t = new DeferredTransformer(List.<Integration>of(integration));
        assertFalse(t.byteBuddyStarted());
        new AgentWarmUp(t).run();
        assertTrue(t.byteBuddyStarted());
        assertNotNull(t.transform(getClass().getClassLoader(), "demo/lib/Library", null, null,
                AgentAnnotationDescriptorsTest.classFile("demo.lib.Library")));
    }
}
