package io.jmlflow.internal.autolog;

import io.jmlflow.internal.Log;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread ({@value #THREAD_NAME}) that runs post-training work (model serialization, metrics passes,
 * plots) after the training call has returned, so the user's training thread does not wait for it. Work runs in
 * submission order; an exception in it is warned about (once per kind), never thrown. Ending a run
 * ({@code ActiveRun.end} / {@code Mlflow.endRun}), {@code Mlflow.flush()} and the JVM-exit hook wait for the
 * pending work first (at exit bounded by {@code flush.timeout.ms}; what could not finish is warned about by name).
 *
 * <p>Waiting from the worker thread itself never blocks (work that ends a run or flushes cannot wait for itself,
 * nor for work queued after it).
 */
public final class PostTrainingWork {
    /** The name of the worker thread. */
    public static final String THREAD_NAME = "mlflow-autolog-post";
    /** The name of the thread that helps the worker with a second task at a time ({@link #helper}). */
    public static final String HELPER_THREAD_NAME = "mlflow-autolog-post-helper";

    private record Task(long seq, String runId, String name, Runnable work) {
        String describe() {
            return "'" + name + "'" + (runId.isEmpty() ? "" : " of run " + runId);
        }
    }

    private static final Object LOCK = new Object();
    private static final ArrayDeque<Task> QUEUE = new ArrayDeque<>();
    /** Run id -> sequence number of its last submitted task, while that task has not finished. */
    private static final Map<String, Long> LAST_SEQ_BY_RUN = new HashMap<>();
    private static long submitted;
    /** Tasks finish in order, so every task with seq <= completed is done. */
    private static long completed;
    private static Task running;
    private static Thread worker;
    private static Executor helper;

    private PostTrainingWork() {
    }

    /** Queues {@code work} for the run {@code runId} (may be null: not tied to a run); returns at once. */
    public static void submit(String runId, Runnable work) {
        submit(runId, null, work);
    }

    /**
     * As {@link #submit(String, Runnable)}, with a name warnings use ("smile model", "eval metrics"); null names it
     * after the class that created {@code work}.
     */
    public static void submit(String runId, String name, Runnable work) {
        if (work == null) return;
        Task task;
        synchronized (LOCK) {
            task = new Task(++submitted, runId == null ? "" : runId, name != null ? name : nameOf(work), work);
            QUEUE.add(task);
            LAST_SEQ_BY_RUN.put(task.runId, task.seq);
            if (startWorkerIfNeeded()) {
                LOCK.notifyAll();
                return;
            }
            QUEUE.remove(task);
        }
        // No thread could be started (e.g. the JVM is out of threads): do the work here rather than lose it.
        execute(task);
        finished(task);
    }

    /**
     * Waits up to {@code timeoutMs} until the work submitted so far for {@code runId} is done; true when it is
     * (or there was none). Called on the worker thread it does not wait and answers true: work runs in order, so
     * everything submitted before the calling work is done, and work queued after it cannot be waited for.
     */
    public static boolean awaitRun(String runId, long timeoutMs) {
        String key = runId == null ? "" : runId;
        synchronized (LOCK) {
            if (Thread.currentThread() == worker) return true;
            Long target = LAST_SEQ_BY_RUN.get(key);
            if (target == null) return true;
            return awaitSeq(target, timeoutMs);
        }
    }

    /**
     * Waits up to {@code timeoutMs} until all work submitted so far is done; true when it is. Called on the worker
     * thread it does not wait (see {@link #awaitRun}).
     */
    public static boolean awaitAll(long timeoutMs) {
        synchronized (LOCK) {
            long target = submitted;
            if (completed >= target) return true;
            if (Thread.currentThread() == worker) return true; // as in awaitRun
            return awaitSeq(target, timeoutMs);
        }
    }

    /** The work not done yet (running first), described by name and run, for warnings. */
    public static List<String> pending() {
        synchronized (LOCK) {
            List<String> out = new ArrayList<>();
            if (running != null) out.add(running.describe() + " (running)");
            for (Task t : QUEUE) out.add(t.describe());
            return out;
        }
    }

    /** Holds LOCK. */
    private static boolean awaitSeq(long target, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMs));
        while (completed < target) {
            if (worker == null || !worker.isAlive()) return completed >= target;
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) return false;
            try {
                LOCK.wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Where a post-training task runs a part of its work beside itself (one named, low-priority daemon thread,
     * started on first use and ended after a second idle; not the common pool, which on two cores starts an unnamed
     * thread per task). The task waits for what it hands over, so the waits on post-training work cover it. When no
     * thread can be started the work runs on the calling thread.
     */
    public static Executor helper() {
        synchronized (LOCK) {
            if (helper == null) {
                ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS,
                        new LinkedBlockingQueue<Runnable>(), new ThreadFactory() {
                            @Override
                            public Thread newThread(Runnable r) {
                                Thread t = new Thread(r, HELPER_THREAD_NAME);
                                t.setDaemon(true);
                                t.setPriority(Thread.MIN_PRIORITY);
                                return t;
                            }
                        });
                pool.allowCoreThreadTimeOut(true);
                helper = new Executor() {
                    @Override
                    public void execute(Runnable r) {
                        try {
                            pool.execute(r);
                        } catch (Throwable e) {
                            r.run();
                        }
                    }
                };
            }
            return helper;
        }
    }

    /** Holds LOCK. False when no thread could be started. */
    private static boolean startWorkerIfNeeded() {
        if (worker != null && worker.isAlive()) return true;
        try {
            Thread t = new Thread(new Runnable() { // not a lambda: this starts inside the first training call
                @Override
                public void run() {
                    runWorker();
                }
            }, THREAD_NAME);
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY); // below the program's own threads, where the OS honours priorities
            t.start();
            worker = t;
            return true;
        } catch (Throwable e) {
            Log.warnOnce("post-training-thread", "could not start the " + THREAD_NAME + " thread (" + e
                    + "); post-training work runs on the training thread");
            return false;
        }
    }

    private static void runWorker() {
        while (true) {
            Task task;
            synchronized (LOCK) {
                while (QUEUE.isEmpty()) {
                    try {
                        LOCK.wait();
                    } catch (InterruptedException e) {
                        // nothing interrupts this thread on purpose; keep serving the queue
                    }
                }
                task = QUEUE.poll();
                running = task;
            }
            execute(task);
            Thread.interrupted(); // work that interrupted itself must not disturb the next one
            finished(task);
        }
    }

    private static void execute(Task task) {
        try {
            task.work.run();
        } catch (Throwable e) {
            Log.warnOnce("post-training:" + task.name + ":" + e.getClass().getName(), "post-training work "
                    + task.describe() + " failed: " + e + " (the training result is not affected; further failures"
                    + " of this kind are not reported)");
        }
    }

    private static void finished(Task task) {
        synchronized (LOCK) {
            if (running == task) running = null;
            completed = Math.max(completed, task.seq);
            Long last = LAST_SEQ_BY_RUN.get(task.runId);
            if (last != null && last <= task.seq) LAST_SEQ_BY_RUN.remove(task.runId);
            LOCK.notifyAll();
        }
    }

    /** A lambda's class is named after the class that wrote it: that is the most telling name we have. */
    private static String nameOf(Runnable work) {
        String n = work.getClass().getName();
        int lambda = n.indexOf("$$Lambda");
        if (lambda > 0) n = n.substring(0, lambda);
        return "post-training work of " + n;
    }
}
