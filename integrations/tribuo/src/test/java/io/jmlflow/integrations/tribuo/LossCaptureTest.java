package io.jmlflow.integrations.tribuo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class LossCaptureTest {
    private static final String NAME = "io.jmlflow.test.FakeSgdTrainer";
    private final Logger logger = Logger.getLogger(NAME);
    private final List<String> published = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (isLoggable(record)) published.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LossCaptureTest() {
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
    }

    @AfterEach
    void tearDown() {
        logger.removeHandler(handler);
        logger.setLevel(null);
        logger.setFilter(null);
    }

    @Test
    void parsesTribuosLossLines() {
        assertArrayEquals(new double[] {1000, 0.5}, LossCapture.parse("At iteration 1000, average loss = 0.5"));
        assertArrayEquals(new double[] {7, 1.25e-3}, LossCapture.parse("At iteration 7, average loss = 1.25E-3 with 3 support vectors."));
        assertEquals(Double.NaN, LossCapture.parse("At iteration 3, average loss = NaN")[1]);
        assertNull(LossCapture.parse("Training SGD model with 100 examples"));
        assertNull(LossCapture.parse(null));
    }

    @Test
    void capturesWhatTheTrainingThreadLogsAndChangesNoOutput() throws Exception {
        List<String> captured = new ArrayList<>();
        LossCapture capture = LossCapture.start(List.of(NAME), (i, v, t) -> captured.add(i + "=" + v));
        logger.info("At iteration 10, average loss = 2.0");
        logger.info("Outputs - something");
        Thread other = new Thread(() -> logger.info("At iteration 99, average loss = 9.0"));
        other.start();
        other.join();
        capture.stop();
        logger.info("At iteration 20, average loss = 1.0");
        assertEquals(List.of("10=2.0"), captured, "only the training thread, only while training");
        assertEquals(List.of("At iteration 10, average loss = 2.0", "Outputs - something",
                "At iteration 99, average loss = 9.0", "At iteration 20, average loss = 1.0"), published);
        assertNull(logger.getFilter());
    }

    @Test
    void aSilencedLoggerIsReadButStaysSilentAndGetsItsLevelAndFilterBack() {
        logger.setLevel(Level.WARNING);
        Filter users = r -> !r.getMessage().contains("secret");
        logger.setFilter(users);
        List<String> captured = new ArrayList<>();
        LossCapture first = LossCapture.start(List.of(NAME), (i, v, t) -> captured.add(i + "=" + v));
        LossCapture second = LossCapture.start(List.of(NAME), (i, v, t) -> captured.add("second " + i));
        logger.info("At iteration 5, average loss = 0.25");
        logger.warning("careful");
        logger.warning("secret warning");
        second.stop();
        assertEquals(Level.INFO, logger.getLevel(), "still in use by the first training");
        first.stop();
        first.stop();
        assertEquals(List.of("second 5"), captured, "the sink of the thread's latest training");
        assertEquals(List.of("careful"), published, "INFO stays hidden, the user's filter still applies");
        assertEquals(Level.WARNING, logger.getLevel());
        assertSame(users, logger.getFilter());
    }
}
