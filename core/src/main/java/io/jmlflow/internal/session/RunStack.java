package io.jmlflow.internal.session;

import io.jmlflow.ActiveRun;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The active runs: a stack per thread (the top is the thread's active run), and all of them for the exit hook. */
public final class RunStack {
    private static final ThreadLocal<Deque<ActiveRun>> RUNS = new ThreadLocal<>() {
        @Override
        protected Deque<ActiveRun> initialValue() { // not ThreadLocal.withInitial: no lambda on a run's start
            return new ArrayDeque<>();
        }
    };
    private static final Set<ActiveRun> ALL_ACTIVE = ConcurrentHashMap.newKeySet();
    private static volatile ActiveRun lastActive;

    private RunStack() {
    }

    /** The thread's active run, or null. */
    public static ActiveRun current() {
        // a run ended on another thread (autologging ends a training's run where its work runs) is active no more
        Deque<ActiveRun> stack = RUNS.get();
        ActiveRun top = stack.peek();
        while (top != null && top.isEnded()) {
            stack.pop();
            top = stack.peek();
        }
        return top;
    }

    public static void push(ActiveRun run) {
        RUNS.get().push(run);
        ALL_ACTIVE.add(run);
        lastActive = run;
    }

    /** The most recently started run of any thread, or null. */
    public static ActiveRun lastActive() {
        return lastActive;
    }

    /** Takes {@code run} off this thread's stack (it stays active until it ends). */
    public static void detach(ActiveRun run) {
        RUNS.get().remove(run);
    }

    /**
     * The runs this thread started above {@code run} and left open, top first (MLflow's {@code end_run} ends them with
     * it); empty when {@code run} is not on this thread's stack.
     */
    public static List<ActiveRun> openAbove(ActiveRun run) {
        List<ActiveRun> out = new ArrayList<>();
        Deque<ActiveRun> stack = RUNS.get();
        if (!stack.contains(run)) return out;
        for (ActiveRun r : stack) {
            if (r == run) break;
            out.add(r);
        }
        return out;
    }

    /** {@code run} is ending: off this thread's stack (it stays among the active runs until {@link #done}). */
    public static void ending(ActiveRun run) {
        RUNS.get().remove(run);
    }

    /** {@code run} ended and its summary line was printed. */
    public static void done(ActiveRun run) {
        ALL_ACTIVE.remove(run);
    }

    /** Every run whose end is not done yet (not ended, or ending on some thread). */
    public static List<ActiveRun> allActive() {
        return new ArrayList<>(ALL_ACTIVE);
    }

    /** For tests: forget every run. */
    public static void reset() {
        ALL_ACTIVE.clear();
        RUNS.remove();
        lastActive = null;
    }
}
