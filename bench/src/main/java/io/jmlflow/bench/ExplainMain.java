package io.jmlflow.bench;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Runs a program's {@code main} and prints, on standard error, the wall-clock time when {@code main} started and
 * when it returned ({@code EXPLAIN_MAIN_START_MS} / {@code EXPLAIN_MAIN_END_MS}, epoch ms), so that
 * {@link ProcessExplainer} can split a process's wall time into the JVM's start (with the agent's), the program, and
 * the exit (which, with the agent, waits for the post-training work). Only for the explanation runs: the timed runs
 * start the programs themselves. Loads nothing the JDK's CDS archive does not hold.
 *
 * <p>Arguments: {@code mainClass [args...]}.
 */
public final class ExplainMain {
    private ExplainMain() {
    }

    public static void main(String[] args) throws Throwable {
        System.err.println("EXPLAIN_MAIN_START_MS " + System.currentTimeMillis());
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        System.err.println("EXPLAIN_MAIN_END_MS " + System.currentTimeMillis());
    }
}
