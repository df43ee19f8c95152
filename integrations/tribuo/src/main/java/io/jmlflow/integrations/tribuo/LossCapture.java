package io.jmlflow.integrations.tribuo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the loss lines Tribuo's SGD trainers write through {@code java.util.logging} ("At iteration N, average
 * loss = X", the only way they report it) into metric points, for the thread that trains.
 *
 * <p>While a training runs, a filter sits on the loggers named after the trainer's classes (SGD trainers log
 * through {@code org.tribuo.common.sgd.AbstractSGDTrainer}). The filter reads each record and then lets through
 * exactly what would have been let through without it, so the console output does not change: when the user had
 * silenced INFO on such a logger, its level is lowered to INFO for the training and the filter drops what falls
 * below the old level. Levels and filters are put back when the last training using a logger ends (trainings on
 * several threads share one installation).
 */
public final class LossCapture {
    /** Receives one loss point. */
    public interface Sink {
        void loss(long iteration, double value, long timestampMillis);
    }

    private static final Pattern LOSS = Pattern.compile(
            "At iteration (\\d+), average loss = ([-+]?(?:NaN|Infinity|\\d+(?:\\.\\d*)?(?:[eE][-+]?\\d+)?))");
    private static final ThreadLocal<Sink> SINK = new ThreadLocal<>();
    private static final Object LOCK = new Object();
    private static final Map<String, Installation> INSTALLED = new HashMap<>();

    private final List<String> loggerNames;
    private final Thread thread = Thread.currentThread();
    private boolean stopped;

    private LossCapture(List<String> loggerNames) {
        this.loggerNames = loggerNames;
    }

    /** Starts capturing, for the calling thread, what the loggers named {@code loggerNames} report. */
    public static LossCapture start(List<String> loggerNames, Sink sink) {
        SINK.set(sink);
        List<String> installed = new ArrayList<>();
        synchronized (LOCK) {
            for (String name : loggerNames) {
                try {
                    Installation i = INSTALLED.get(name);
                    if (i == null) {
                        i = new Installation(Logger.getLogger(name));
                        INSTALLED.put(name, i);
                    }
                    i.users++;
                    installed.add(name);
                } catch (RuntimeException e) {
                    // a logging set-up we cannot change: no loss history from that logger
                }
            }
        }
        return new LossCapture(installed);
    }

    /** Stops capturing and puts the loggers back once no other training uses them. Idempotent. */
    public void stop() {
        if (stopped) return;
        stopped = true;
        if (Thread.currentThread() == thread) SINK.remove();
        synchronized (LOCK) {
            for (String name : loggerNames) {
                Installation i = INSTALLED.get(name);
                if (i != null && --i.users == 0) {
                    INSTALLED.remove(name);
                    i.restore();
                }
            }
        }
    }

    /** Parses one message; null when it is not a loss line. */
    static double[] parse(String message) {
        if (message == null || !message.startsWith("At iteration ")) return null;
        Matcher m = LOSS.matcher(message);
        if (!m.lookingAt()) return null;
        try {
            return new double[] {Long.parseLong(m.group(1)), Double.parseDouble(m.group(2))};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The filter on one logger and what to put back. */
    private static final class Installation {
        final Logger logger;
        final Level savedLevel;
        final Filter savedFilter;
        final boolean lowered;
        final CaptureFilter filter;
        int users;

        Installation(Logger logger) {
            this.logger = logger;
            this.savedLevel = logger.getLevel();
            this.savedFilter = logger.getFilter();
            this.lowered = !logger.isLoggable(Level.INFO);
            this.filter = new CaptureFilter(savedFilter, lowered ? effectiveLevel(logger) : null);
            logger.setFilter(filter);
            if (lowered) logger.setLevel(Level.INFO);
        }

        void restore() {
            if (logger.getFilter() == filter) logger.setFilter(savedFilter);
            if (lowered && logger.getLevel() == Level.INFO) logger.setLevel(savedLevel);
        }

        private static Level effectiveLevel(Logger logger) {
            for (Logger l = logger; l != null; l = l.getParent()) {
                if (l.getLevel() != null) return l.getLevel();
            }
            return Level.INFO;
        }
    }

    private static final class CaptureFilter implements Filter {
        private final Filter previous;
        private final Level minimum;

        CaptureFilter(Filter previous, Level minimum) {
            this.previous = previous;
            this.minimum = minimum;
        }

        @Override
        public boolean isLoggable(LogRecord record) {
            Sink sink = SINK.get();
            if (sink != null) {
                try {
                    double[] point = parse(record.getMessage());
                    if (point != null) sink.loss((long) point[0], point[1], record.getMillis());
                } catch (RuntimeException ignored) {
                    // a metric lost is better than a log line lost
                }
            }
            if (minimum != null && record.getLevel().intValue() < minimum.intValue()) return false;
            return previous == null || previous.isLoggable(record);
        }
    }
}
