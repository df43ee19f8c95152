package io.jmlflow.testing;

import io.jmlflow.entities.Metric;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Checks on a metric's history as a store returns it. */
public final class MetricPoints {
    private MetricPoints() {
    }

    /** Every one of {@code points} steps arrived, and none twice. */
    public static void assertEachStepOnce(List<Metric> history, long points, String what) {
        Set<Long> steps = new HashSet<>();
        for (Metric m : history) steps.add(m.step());
        assertEquals(points, steps.size(), "every point arrived: " + what);
        assertEquals(points, history.size(), "and only once: " + what);
    }
}
