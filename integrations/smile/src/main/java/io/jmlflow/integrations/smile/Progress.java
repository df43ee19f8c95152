package io.jmlflow.integrations.smile;

import io.jmlflow.ActiveRun;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Smile 6 training progress as metric history. Smile 6 publishes per-tree / per-iteration status (a
 * {@code TrainingStatus} or {@code AlgoStatus} record) to the {@code smile.util.IterativeAlgorithmController} of
 * the {@code Options} record the model is trained with. When the user passed none, the {@code Options} argument is
 * replaced by a copy that differs only by a controller of ours (a deliberate, documented change of an argument).
 * Its publisher runs on one shared daemon thread: the controller's no-argument constructor would start a non-daemon
 * thread that keeps the JVM alive. Status records become metrics, with the tree or iteration number as step:
 * {@code loss} as {@code training_loss}; {@code objective} as {@code distortion} for clustering, else
 * {@code objective}; a nested metrics record as {@code val_<metric>} (scored on {@code Options.test()}). Random
 * forests get no controller: what they publish per tree is each tree's own out-of-bag score, no learning curve of the
 * forest (the forest's out-of-bag metrics are logged once it is trained).
 */
final class Progress implements Flow.Subscriber<Object> {
    static final String CONTROLLER = "smile.util.IterativeAlgorithmController";
    private static final int BUFFER = 1024;
    private static volatile ExecutorService executor;

    private final ActiveRun run;
    private final boolean clustering;
    private final Object controller;
    private final CountDownLatch done = new CountDownLatch(1);
    /** Metric keys that received history, so the final value is not logged again at step 0. */
    final Set<String> keys = ConcurrentHashMap.newKeySet();

    private Progress(ActiveRun run, Class<?> modelType, Object controller) {
        this.run = run;
        this.clustering = modelType.getName().startsWith("smile.clustering.");
        this.controller = controller;
    }

    /**
     * Where {@code args[index]} is an {@code Options} record with a {@code controller} component left null, puts
     * a copy with a controller of ours there and returns the subscriber that logs its status into {@code run};
     * null (and {@code args} unchanged) otherwise.
     */
    static Progress attach(ActiveRun run, Class<?> modelType, Object[] args) throws Exception {
        if (modelType.getSimpleName().equals("RandomForest")) return null; // nothing it publishes is logged
        for (int i = 0; i < args.length; i++) {
            Object options = args[i];
            if (options == null || !options.getClass().isRecord()) continue;
            RecordComponent[] components = options.getClass().getRecordComponents();
            int slot = -1;
            for (int c = 0; c < components.length; c++) {
                if (components[c].getName().equals("controller")
                        && components[c].getType().getName().equals(CONTROLLER)) slot = c;
            }
            if (slot < 0) continue;
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int c = 0; c < components.length; c++) {
                values[c] = components[c].getAccessor().invoke(options);
                types[c] = components[c].getType();
            }
            if (values[slot] != null) return null; // the user's own controller: left alone
            Class<?> controllerType = types[slot];
            Object controller = controllerType.getConstructor(Executor.class, int.class)
                    .newInstance(executor(), BUFFER);
            Progress progress = new Progress(run, modelType, controller);
            controllerType.getMethod("subscribe", Flow.Subscriber.class).invoke(controller, progress);
            values[slot] = controller;
            Constructor<?> canonical = options.getClass().getDeclaredConstructor(types);
            args[i] = canonical.newInstance(values);
            return progress;
        }
        return null;
    }

    /** Closes the controller and waits (bounded) until every status it published was logged. */
    void finish() {
        try {
            controller.getClass().getMethod("close").invoke(controller);
            done.await(5, TimeUnit.SECONDS);
        } catch (ReflectiveOperationException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(Object status) {
        try {
            if (!status.getClass().isRecord()) return;
            long step = -1;
            for (RecordComponent c : status.getClass().getRecordComponents()) {
                String n = c.getName();
                if ((n.equals("tree") || n.equals("iteration")) && c.getType() == int.class) {
                    step = ((Number) c.getAccessor().invoke(status)).longValue();
                }
            }
            if (step < 0) return;
            long now = System.currentTimeMillis();
            for (RecordComponent c : status.getClass().getRecordComponents()) {
                String n = c.getName();
                if (c.getType() == double.class) {
                    double v = (Double) c.getAccessor().invoke(status);
                    String key = n.equals("loss") ? "training_loss"
                            : n.equals("objective") ? (clustering ? "distortion" : "objective") : n;
                    log(key, v, step, now);
                } else if (n.equals("metrics")) {
                    Object metrics = c.getAccessor().invoke(status);
                    if (metrics == null) continue;
                    for (java.util.Map.Entry<String, Double> e : SmileMetrics.read(metrics, "val_").entrySet()) {
                        log(e.getKey(), e.getValue(), step, now);
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a status we cannot read is skipped; training goes on
        }
    }

    private void log(String key, double value, long step, long now) {
        if (Double.isNaN(value) || Double.isInfinite(value)) return;
        keys.add(key);
        run.logMetric(key, value, step, now);
    }

    @Override
    public void onError(Throwable throwable) {
        done.countDown();
    }

    @Override
    public void onComplete() {
        done.countDown();
    }

    private static Executor executor() {
        ExecutorService e = executor;
        if (e == null) {
            synchronized (Progress.class) {
                e = executor;
                if (e == null) {
                    executor = e = Executors.newSingleThreadExecutor(new ThreadFactory() {
                        @Override
                        public Thread newThread(Runnable r) {
                            Thread t = new Thread(r, "mlflow-smile-progress");
                            t.setDaemon(true);
                            return t;
                        }
                    });
                }
            }
        }
        return e;
    }
}
