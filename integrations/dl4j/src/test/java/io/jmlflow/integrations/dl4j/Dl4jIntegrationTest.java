package io.jmlflow.integrations.dl4j;

import io.jmlflow.autolog.spi.Library;
import io.jmlflow.autolog.spi.LibraryVersion;
import io.jmlflow.autolog.spi.LinkedReferences;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library DL4J autologging declares, checked against the DL4J these tests train with. */
class Dl4jIntegrationTest {
    private static final ClassLoader LOADER = Dl4jIntegrationTest.class.getClassLoader();
    private final Library library = new Dl4jIntegration().library();

    @Test
    void theVersionIsReadFromDl4jsJarAndSupported() {
        String version = LibraryVersion.of("dl4j", library, LOADER, Dl4jIntegration.MULTI_LAYER_NETWORK);
        assertEquals("1.0.0-M2.1", version);
        assertTrue(library.supports(version));
        assertTrue(!library.supports("1.0.0-beta7") && !library.supports("1.1.0"), library.supportedVersions());
    }

    @Test
    void theShapeCheckIsWhatTheLinkedCodeUsesAndDl4jHasAllOfIt() throws IOException {
        LinkedReferences refs = LinkedReferences.collect(library, "io.jmlflow.integrations.dl4j.", LOADER);
        assertTrue(refs.size() > 100, refs.describe().toString());
        assertTrue(refs.describe().contains("method org/deeplearning4j/nn/api/Model addListeners "
                + "([Lorg/deeplearning4j/optimize/api/TrainingListener;)V <- io/jmlflow/integrations/dl4j/Dl4jTraining"),
                refs.describe().toString());
        assertNull(refs.mismatch(pool(ClassFileLocator.ForClassLoader.of(LOADER))));
    }

    @Test
    void aDl4jWithoutAClassTheCodeUsesIsNamed() throws IOException {
        LinkedReferences refs = LinkedReferences.collect(library, "io.jmlflow.integrations.dl4j.", LOADER);
        ClassLoader withoutRoc = new ClassLoader(LOADER) {
            @Override
            public java.io.InputStream getResourceAsStream(String name) {
                return name.equals("org/nd4j/evaluation/classification/ROC.class") ? null : super.getResourceAsStream(name);
            }
        };
        String mismatch = refs.mismatch(pool(ClassFileLocator.ForClassLoader.of(withoutRoc)));
        assertTrue(mismatch != null && mismatch.startsWith("org.nd4j.evaluation.classification.ROC is missing (used by"),
                mismatch);
    }

    private static TypePool pool(ClassFileLocator locator) {
        return new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
                TypePool.Default.ReaderMode.FAST);
    }
}
