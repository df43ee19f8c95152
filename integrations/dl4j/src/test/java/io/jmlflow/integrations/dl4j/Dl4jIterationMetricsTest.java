package io.jmlflow.integrations.dl4j;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Dl4jIterationMetricsTest {
    record Point(String key, double value, long step) {
    }

    private final List<Point> points = new ArrayList<>();

    private IterationMetrics metrics(int every) {
        return new IterationMetrics(every, (k, v, step, ts) -> points.add(new Point(k, v, step)));
    }

    private List<Point> of(String key) {
        return points.stream().filter(p -> p.key.equals(key)).toList();
    }

    @Test
    void logsIterationsThatAreMultiplesOfTheInterval() {
        IterationMetrics m = metrics(3);
        m.fitStarted(0, true);
        for (int i = 0; i < 8; i++) m.iteration(i, 10 - i, 16, 2, (i + 1) * 1_000_000L, 0);
        assertEquals(List.of(0L, 3L, 6L), of(IterationMetrics.LOSS).stream().map(Point::step).toList());
        assertEquals(List.of(10.0, 7.0, 4.0), of(IterationMetrics.LOSS).stream().map(Point::value).toList());
        m.finish(0);
        assertEquals(7L, of(IterationMetrics.LOSS).get(3).step(), "the last iteration is logged at the end");
        assertEquals(3.0, of(IterationMetrics.LOSS).get(3).value());
    }

    @Test
    void throughputAndEtlCoverTheWholeInterval() {
        IterationMetrics m = metrics(2);
        m.fitStarted(0, true);
        assertTrue(m.iteration(0, 1, 10, 4, 1_000_000_000L, 0)); // 10 samples in 1 s
        assertFalse(m.iteration(1, 1, 30, 2, 2_000_000_000L, 0));
        assertTrue(m.iteration(2, 1, 30, 6, 3_000_000_000L, 0)); // 60 samples in 2 s
        List<Point> sps = of(IterationMetrics.SAMPLES_PER_SECOND);
        assertEquals(10.0, sps.get(0).value(), 1e-9);
        assertEquals(30.0, sps.get(1).value(), 1e-9);
        assertEquals(List.of(4.0, 4.0), of(IterationMetrics.ETL_TIME_MS).stream().map(Point::value).toList());
    }

    @Test
    void miniBatchCallsKeepTheRunningInterval() {
        IterationMetrics m = metrics(2);
        m.fitStarted(0, false);
        m.iteration(0, 1, 10, 0, 1_000_000_000L, 0);
        m.fitStarted(5_000_000_000L, false); // a new fit(DataSet) call: the interval goes on
        m.iteration(1, 1, 10, 0, 6_000_000_000L, 0);
        m.iteration(2, 1, 10, 0, 7_000_000_000L, 0);
        assertEquals(20.0 / 6, of(IterationMetrics.SAMPLES_PER_SECOND).get(1).value(), 1e-9);
    }

    @Test
    void epochLossIsTheMeanOfTheEpochsIterations() {
        IterationMetrics m = metrics(100);
        m.epochStarted(0);
        m.iteration(0, 1.0, 1, 0, 1, 0);
        m.iteration(1, 3.0, 1, 0, 2, 0);
        m.iteration(2, Double.NaN, 1, 0, 3, 0);
        m.epochEnded(0, 4_000_000, 0);
        m.epochStarted(5_000_000);
        m.iteration(3, 0.5, 1, 0, 6_000_000, 0);
        m.epochEnded(1, 7_000_000, 0);
        assertEquals(List.of(2.0, 0.5), of(IterationMetrics.EPOCH_LOSS).stream().map(Point::value).toList());
        assertEquals(List.of(0L, 1L), of(IterationMetrics.EPOCH_LOSS).stream().map(Point::step).toList());
        assertEquals(List.of(4.0, 2.0), of(IterationMetrics.EPOCH_TIME_MS).stream().map(Point::value).toList());
        assertEquals(2, m.epochsEnded());
    }

    @Test
    void nothingIsRepeatedAtTheEndWhenTheLastIterationWasLogged() {
        IterationMetrics m = metrics(1);
        m.iteration(0, 2.0, 1, 0, 1, 0);
        m.finish(0);
        assertEquals(1, of(IterationMetrics.LOSS).size());
    }
}
