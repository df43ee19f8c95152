package io.jmlflow.internal.autolog;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The naming rule for post-training evaluation metrics. */
class EvalMetricNamesTest {

    @Test
    void firstDatasetIsEvalThenNamedOrNumbered() {
        String run = "run-" + System.nanoTime();
        double[][] test = new double[10][3];
        double[][] holdout = new double[10][3];
        double[][] unnamed = new double[10][3];
        assertEquals("eval_", EvalMetricNames.prefix(run, test, "test"));
        assertEquals("eval_hold_out_set_", EvalMetricNames.prefix(run, holdout, "hold-out set!".replace('-', '_')));
        assertEquals("eval_3_", EvalMetricNames.prefix(run, unnamed, null));
        // the same key keeps its prefix, whatever name it is given later
        assertEquals("eval_", EvalMetricNames.prefix(run, test, "other"));
        assertEquals("eval_hold_out_set_", EvalMetricNames.prefix(run, holdout, null));
        assertEquals("eval_3_", EvalMetricNames.prefix(run, unnamed, "x"));
        // a name already taken by another dataset gets the position appended
        assertEquals("eval_hold_out_set_4_", EvalMetricNames.prefix(run, new double[1][1], "hold_out_set"));
        // another run starts over
        assertEquals("eval_", EvalMetricNames.prefix(run + "b", holdout, "hold_out_set"));
    }

    @Test
    void valueKeysCompareByEqualsAndNamesAreSanitized() {
        String run = "run-" + System.nanoTime();
        assertEquals("eval_", EvalMetricNames.prefix(run, "digest-1", "a"));
        assertEquals("eval_", EvalMetricNames.prefix(run, new String("digest-1"), "a"));
        assertEquals("eval_v-2_x_", EvalMetricNames.prefix(run, "digest-2", "  v-2 / x.."));
        // no key: the name is the key
        assertEquals("eval_valid_", EvalMetricNames.prefix(run, null, "valid"));
        assertEquals("eval_valid_", EvalMetricNames.prefix(run, null, "valid"));
        assertEquals("eval_4_", EvalMetricNames.prefix(run, null, null));
        assertEquals("eval_4_", EvalMetricNames.prefix(run, null, null));
        assertEquals("eval_5_", EvalMetricNames.prefix(run, 5, "\u00e9\u00e9"));
    }

    @Test
    void dataObjectsAreNotKeptAlive() throws InterruptedException {
        String run = "run-" + System.nanoTime();
        double[][] big = new double[1000][100];
        EvalMetricNames.prefix(run, big, "big");
        WeakReference<Object> ref = new WeakReference<>(big);
        big = null;
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(ref.get() == null, "the dataset key was kept alive by the naming state");
    }

    @Test
    void onlyABoundedNumberOfRunsIsRemembered() {
        String first = "first-" + System.nanoTime();
        Object key = new Object();
        assertEquals("eval_", EvalMetricNames.prefix(first, key, null));
        assertEquals("eval_2_", EvalMetricNames.prefix(first, new Object(), null));
        for (int i = 0; i < EvalMetricNames.MAX_RUNS + 1; i++) EvalMetricNames.prefix("other-" + i + "-" + first, key, null);
        // the first run was evicted: naming starts over for it
        assertEquals("eval_", EvalMetricNames.prefix(first, new Object(), null));
    }
}
