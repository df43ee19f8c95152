package io.jmlflow.integrations.xgboost;

import io.jmlflow.autolog.spi.Library;
import io.jmlflow.autolog.spi.LibraryVersion;
import io.jmlflow.autolog.spi.LinkedReferences;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library XGBoost autologging declares, checked against the newest and the oldest XGBoost4J it supports. */
class XGBoostIntegrationTest {
    private static final ClassLoader LOADER = XGBoostIntegrationTest.class.getClassLoader();
    private final Library library = new XGBoostIntegration().library();

    @Test
    void theVersionIsReadFromXGBoostsJarAndSupported() {
        String version = LibraryVersion.of("xgboost", library, LOADER, XGBoostIntegration.XGBOOST);
        assertEquals("3.4.0", version);
        assertTrue(library.supports(version) && library.supports(System.getProperty("xgboost.oldest.version")));
        assertTrue(!library.supports("1.5.2") && !library.supports("4.0.0"), library.supportedVersions());
        assertEquals(version, XGBoostModelFiles.version());
    }

    @Test
    void theShapeCheckIsWhatTheLinkedCodeUsesAndBothEndsOfTheRangeHaveAllOfIt() throws IOException {
        LinkedReferences refs = LinkedReferences.collect(library, "io.jmlflow.integrations.xgboost.", LOADER);
        assertTrue(refs.describe().toString().contains("method ml/dmlc/xgboost4j/java/Booster toByteArray"),
                refs.describe().toString());
        assertNull(refs.mismatch(pool(ClassFileLocator.ForClassLoader.of(LOADER))));
        File oldest = new File(System.getProperty("xgboost.oldest.jar"));
        assertTrue(oldest.isFile(), oldest.toString());
        try (ClassFileLocator jar = ClassFileLocator.ForJarFile.of(oldest)) {
            assertNull(refs.mismatch(pool(new ClassFileLocator.Compound(jar, ClassFileLocator.ForClassLoader.ofSystemLoader()))),
                    "XGBoost4J " + System.getProperty("xgboost.oldest.version"));
        }
    }

    @Test
    void anXGBoostWithoutAClassTheCodeUsesIsNamed() throws IOException {
        LinkedReferences refs = LinkedReferences.collect(library, "io.jmlflow.integrations.xgboost.", LOADER);
        ClassLoader withoutDMatrix = new ClassLoader(LOADER) {
            @Override
            public java.io.InputStream getResourceAsStream(String name) {
                return name.equals("ml/dmlc/xgboost4j/java/DMatrix.class") ? null : super.getResourceAsStream(name);
            }
        };
        String mismatch = refs.mismatch(pool(ClassFileLocator.ForClassLoader.of(withoutDMatrix)));
        assertTrue(mismatch != null && mismatch.startsWith("ml.dmlc.xgboost4j.java.DMatrix is missing (used by"),
                mismatch);
    }

    private static TypePool pool(ClassFileLocator locator) {
        return new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
                TypePool.Default.ReaderMode.FAST);
    }
}
