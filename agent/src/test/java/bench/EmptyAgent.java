package bench;

import java.lang.instrument.Instrumentation;

/** An agent that does nothing: the cost of the -javaagent mechanism alone, for {@link StartupBenchmark}. */
public final class EmptyAgent {
    private EmptyAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        // nothing: measures the -javaagent mechanism itself
    }
}
