package io.jmlflow.autolog.spi;

/**
 * A per-thread nesting counter for advice, so that overloads calling each other, ensembles training inner models
 * and library-internal calls are logged once, at the outermost call:
 *
 * <pre>{@code
 * static final CallDepth FIT = new CallDepth();
 * // enter advice:  if (FIT.enter() == 0) { ...start logging... }
 * // exit advice:   if (FIT.exit() == 0) { ...finish logging... }
 * }</pre>
 * Every {@link #enter()} must be paired with one {@link #exit()}, which Byte Buddy's exit advice guarantees.
 */
public final class CallDepth {
    private final ThreadLocal<int[]> depth = new ThreadLocal<int[]>() {
        @Override
        protected int[] initialValue() {
            return new int[1];
        }
    };

    /** Enters a call; returns the depth before it (0 for the outermost call). */
    public int enter() {
        return depth.get()[0]++;
    }

    /** Leaves a call; returns the depth after it (0 when the outermost call ends). */
    public int exit() {
        int[] d = depth.get();
        return d[0] > 0 ? --d[0] : 0;
    }

    /** The current depth (0 outside any call). */
    public int current() {
        return depth.get()[0];
    }
}
