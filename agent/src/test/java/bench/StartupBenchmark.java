package bench;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Whole-process start-up cost of the agent: runs small applications with and without
 * {@code -javaagent:mlflow-agent.jar}, interleaved, and reports the median of the paired differences (each
 * round runs every variant once, so load on the machine hits all of them alike). Not a test: run it by hand.
 *
 * <pre>
 * java -cp agent/target-agent/test-classes bench.StartupBenchmark agent/target-agent/mlflow-agent.jar [rounds] [java]
 * </pre>
 * Variants, each compared with the plain hello-world JVM:
 * <ul>
 *   <li>{@code empty agent, hello}: a premain that does nothing, i.e. the {@code -javaagent} mechanism alone;</li>
 *   <li>{@code agent, hello}: the agent on an application that never trains (the common case; target &lt; 250 ms);</li>
 *   <li>{@code agent, first annotated class}: the one-off Byte Buddy set-up when the first annotated class loads
 *       (annotation handling switched off so that no store is opened);</li>
 *   <li>the same without bytecode verification of class-path classes, which estimates what putting Byte Buddy on
 *       the boot class path (not verified) would save.</li>
 * </ul>
 */
public final class StartupBenchmark {
    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String agent = new File(args.length > 0 ? args[0] : "agent/target-agent/mlflow-agent.jar").getAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String java = args.length > 2 ? args[2]
                : System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String cp = System.getProperty("java.class.path");
        String off = "-Dmlflow.annotations.enabled=false";
        String empty = emptyAgentJar().toString();
        List<List<String>> variants = List.of(
                List.of(java, "-cp", cp, "demo.HelloWorld"),
                List.of(java, "-javaagent:" + agent, "-cp", cp, "demo.HelloWorld"),
                List.of(java, "-javaagent:" + empty, "-cp", cp, "demo.HelloWorld"),
                List.of(java, "-cp", cp, off, "demo.HelloTracked"),
                List.of(java, "-javaagent:" + agent, "-cp", cp, off, "demo.HelloTracked"),
                List.of(java, "-XX:+UnlockDiagnosticVMOptions", "-XX:-BytecodeVerificationRemote", "-javaagent:" + agent, "-cp", cp, off, "demo.HelloTracked"));
        String[] names = {"plain hello", "agent, hello", "empty agent, hello", "plain hello (annotated)",
                "agent, first annotated class", "agent, first annotated class, no verification"};
        for (List<String> v : variants) run(v); // warm the file cache
        double[][] ms = new double[variants.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int v = 0; v < variants.size(); v++) ms[v][r] = run(variants.get(v));
        }
        System.out.println("java: " + java + ", " + rounds + " interleaved rounds, milliseconds");
        System.out.printf(Locale.ROOT, "%-48s median %7.1f%n", names[0], median(ms[0]));
        System.out.printf(Locale.ROOT, "%-48s median %7.1f%n", names[3], median(ms[3]));
        for (int v : new int[]{2, 1, 4, 5}) {
            int base = v <= 2 ? 0 : 3;
            double[] diff = new double[rounds];
            for (int r = 0; r < rounds; r++) diff[r] = ms[v][r] - ms[base][r];
            System.out.printf(Locale.ROOT, "%-48s median %7.1f   added: median of paired differences %+7.1f (min %+.1f, max %+.1f)%n",
                    names[v], median(ms[v]), median(diff), Arrays.stream(diff).min().orElse(0),
                    Arrays.stream(diff).max().orElse(0));
        }
    }

    /** A jar holding {@link EmptyAgent} as its Premain-Class, written to a temporary file. */
    private static Path emptyAgentJar() throws Exception {
        Path jar = Files.createTempFile("empty-agent", ".jar");
        jar.toFile().deleteOnExit();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", EmptyAgent.class.getName());
        String entry = EmptyAgent.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             InputStream in = StartupBenchmark.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    static double run(List<String> command) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int code = p.waitFor();
        double elapsed = (System.nanoTime() - t0) / 1e6;
        if (code != 0) throw new IllegalStateException("exit code " + code + " from " + command);
        return elapsed;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
