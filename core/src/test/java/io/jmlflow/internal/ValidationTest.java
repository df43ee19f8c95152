package io.jmlflow.internal;

import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Param;
import io.jmlflow.entities.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidationTest {
    static List<String> captureWarnings(Runnable body) {
        Log.resetOnceForTesting();
        List<String> lines = new ArrayList<>();
        Consumer<String> l = lines::add;
        Log.addListener(l);
        try {
            body.run();
        } finally {
            Log.removeListener(l);
        }
        return lines;
    }

    @Test
    void validKeysPassUnchanged() {
        Metric m = new Metric("train/loss:avg 1.0-x", 1, 1, 0);
        assertSame(m, Validation.metric(m));
        assertTrue(Validation.isValidKey("a/b.c_d-e f:g"));
        assertFalse(Validation.isValidKey("../up"));
        assertFalse(Validation.isValidKey("/abs"));
    }

    @Test
    void illegalCharactersAreReplacedWithAWarning() {
        List<String> w = captureWarnings(() -> assertEquals("loss_train_", Validation.metric(
                new Metric("loss@train!", 1, 1, 0)).key()));
        assertEquals(1, w.size());
        assertTrue(w.get(0).contains("'loss@train!' is invalid") && w.get(0).contains("logged as 'loss_train_'"), w.get(0));
    }

    @Test
    void pathEscapesAreRemoved() {
        assertEquals("etc/passwd", Validation.sanitizeKey("tag", "../../etc/passwd"));
        assertNull(Validation.sanitizeKey("tag", "../.."));
    }

    @Test
    void overLongKeysAndValuesAreTruncated() {
        String longKey = "k".repeat(300);
        List<String> w = captureWarnings(() -> {
            Param p = Validation.param(new Param(longKey, "v".repeat(7000)));
            assertEquals(250, p.key().length());
            assertEquals(6000, p.value().length());
            Tag t = Validation.tag(new Tag("t", "x".repeat(9000)));
            assertEquals(8000, t.value().length());
        });
        assertEquals(3, w.size(), w.toString());
        assertTrue(w.get(0).contains("longer than 250 characters"), w.get(0));
        assertTrue(w.get(1).contains("truncated to MLflow's limit of 6000"), w.get(1));
    }

    @Test
    void nonFiniteMetricsAreKeptWithOneWarningPerKey() {
        List<String> w = captureWarnings(() -> {
            for (int i = 0; i < 5; i++) {
                Metric m = Validation.metric(new Metric("div_loss", Double.NaN, 1, i));
                assertTrue(Double.isNaN(m.value()));
            }
            assertEquals(Double.POSITIVE_INFINITY, Validation.metric(new Metric("grad", Double.POSITIVE_INFINITY, 1, 0)).value());
        });
        assertEquals(2, w.size(), w.toString());
        assertTrue(w.get(0).contains("metric 'div_loss' has the value NaN"), w.get(0));
    }

    @Test
    void emptyKeysAreSkipped() {
        assertNull(Validation.metric(new Metric("", 1, 1, 0)));
        assertNull(Validation.param(new Param(" ", "x")));
    }
}
