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
    void aJarNamedAfterALibrarysArtifactIsEnoughWhateverItsScalaVersion() {
        List<Integration> xgboost = List.<Integration>of(new io.jmlflow.integrations.xgboost.XGBoostIntegration());
        String sep = java.io.File.pathSeparator;
        assertTrue(AgentWarmUp.libraryJarOnClassPath(xgboost, "app.jar" + sep + "/m2/ml/dmlc/xgboost4j_2.13-3.4.0.jar"));
        assertTrue(AgentWarmUp.libraryJarOnClassPath(xgboost, "lib/xgboost4j_2.12-3.4.0.jar"));
        assertFalse(AgentWarmUp.libraryJarOnClassPath(xgboost, "app.jar" + sep + "classes" + sep + "lib/scala-library-2.12.18.jar"));
        assertFalse(AgentWarmUp.libraryJarOnClassPath(xgboost, "/opt/xgboost4j_2.13-3.4.0/classes"), "a folder is not a jar");
    }

    @Test
    void warmingUpSetsUpByteBuddyAndAClassLoadedLaterIsStillInstrumented() throws Exception {
        TestIntegration integration = new TestIntegration(Set.of("demo.lib.Library"), Set.of());
        DeferredTransformer t = new DeferredTransformer(List.<Integration>of(integration));
        assertFalse(t.byteBuddyStarted());
        new AgentWarmUp(t, null, false, true).run();
        assertTrue(t.byteBuddyStarted());
        assertNotNull(t.transform(getClass().getClassLoader(), "demo/lib/Library", null, null,
                AgentAnnotationDescriptorsTest.classFile("demo.lib.Library")));
    }
}
