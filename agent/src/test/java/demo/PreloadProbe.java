package demo;

/**
 * {@link AnnotatedTraining}, then how many of the agent's classes its warm-up thread defined ahead ("defined=-" when
 * it defined none), once that thread is done.
 */
public final class PreloadProbe {
    private PreloadProbe() {
    }

    public static void main(String[] args) throws Exception {
        AnnotatedTraining.main(args);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("mlflow-agent-warm-up")) t.join(30_000);
        }
        System.out.println("defined=" + System.getProperty("io.jmlflow.agent.classes.defined.ahead", "-"));
    }
}
