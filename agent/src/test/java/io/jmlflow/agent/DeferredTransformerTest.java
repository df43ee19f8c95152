package io.jmlflow.agent;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which classes the transformer never looks into (not even for our annotations). */
class DeferredTransformerTest {
    @Test
    void skipsTheJdkOurOwnClassesAndTheBundledSqliteDriver() {
        assertTrue(DeferredTransformer.isIgnored("java/util/HashMap"));
        assertTrue(DeferredTransformer.isIgnored("io/jmlflow/internal/store/sqlite/SqliteStore"));
        assertTrue(DeferredTransformer.isIgnored("org/sqlite/core/DB"));
        assertTrue(DeferredTransformer.isIgnored("net/bytebuddy/ByteBuddy"));
        assertTrue(DeferredTransformer.isIgnored("javax/swing/JFrame"));
        assertTrue(DeferredTransformer.isIgnored("jdk/internal/misc/Unsafe"));
        assertTrue(DeferredTransformer.isIgnored("sun/misc/Unsafe"));
        assertTrue(DeferredTransformer.isIgnored("com/sun/management/OperatingSystemMXBean"));
    }

    @Test
    void looksIntoLibrariesAndUserCodeIncludingOurSamples() {
        assertFalse(DeferredTransformer.isIgnored("smile/classification/RandomForest"));
        assertFalse(DeferredTransformer.isIgnored("ml/dmlc/xgboost4j/java/XGBoost"));
        assertFalse(DeferredTransformer.isIgnored("io/jmlflow/samples/QuickStart"));
        assertFalse(DeferredTransformer.isIgnored("org/sqlitex/Foo"));
        assertFalse(DeferredTransformer.isIgnored("com/example/Training"));
        assertFalse(DeferredTransformer.isIgnored("javafoo/Bar"));
        assertFalse(DeferredTransformer.isIgnored("Main"));
        assertFalse(DeferredTransformer.isIgnored(""));
    }
}
