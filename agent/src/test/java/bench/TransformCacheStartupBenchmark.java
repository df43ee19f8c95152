package bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Whole-process start-up cost of a transform-cache hit for two agent jars (e.g. before and after a change to
 * {@code TransformCache}): each jar first fills a cache folder of its own, then every round runs every variant once
 * (interleaved, so load on the machine hits all alike) and the medians of the paired differences are reported. Not a
 * test: run it by hand.
 *
 * <pre>
 * R=~/.m2/repository; V=1.0.0-M2.1
 * DL4J=$R/org/deeplearning4j/deeplearning4j-nn/$V/deeplearning4j-nn-$V.jar:$R/org/nd4j/nd4j-api/$V/nd4j-api-$V.jar
 * DL4J=$DL4J:$R/org/nd4j/nd4j-common/$V/nd4j-common-$V.jar
 * java -cp agent/target/test-classes bench.TransformCacheStartupBenchmark before/mlflow-agent.jar \
 *     agent/target/mlflow-agent.jar 20 $DL4J
 * </pre>
 * (only the test classes on the class path: the agent jar brings its own copy of the rest). Programs:
 * {@code demo.HelloTracked} (one small annotated class) and, given the DL4J class path, {@code demo.LoadClasses}
 * loading {@code MultiLayerNetwork} (a 108 kB class file the DL4J integration instruments). Warm-up threads are
 * off ({@code agent.warm.up=false}) so that only the class loading path is measured.
 */
public final class TransformCacheStartupBenchmark {
    private TransformCacheStartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String before = new File(args[0]).getAbsolutePath();
        String after = new File(args[1]).getAbsolutePath();
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        String dl4j = args.length > 3 ? new File(args[3]).getAbsolutePath() : null;
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String cp = System.getProperty("java.class.path");
        Path root = Files.createTempDirectory("cache-bench");
        String off = "-Dmlflow.annotations.enabled=false";

        List<String> names = new ArrayList<>();
        List<List<String>> variants = new ArrayList<>();
        String[][] programs = dl4j == null ? new String[][] {{cp, "demo.HelloTracked"}}
                : new String[][] {{cp, "demo.HelloTracked"}, {cp + File.pathSeparator + dl4j, "demo.LoadClasses",
                    "org.deeplearning4j.nn.multilayer.MultiLayerNetwork"}};
        for (String[] program : programs) {
            String label = program[1].equals("demo.HelloTracked") ? "HelloTracked" : "MultiLayerNetwork";
            List<String> tail = new ArrayList<>(List.of("-cp", program[0], off));
            tail.addAll(Arrays.asList(program).subList(1, program.length));
            names.add(label + ", no agent");
            variants.add(with(List.of(java), tail));
            String[][] agents = {{"before, cache hit", before, "cache-" + label + "-before"},
                {"after, cache hit", after, "cache-" + label + "-after"}, {"after, no cache", after, null}};
            for (String[] a : agents) {
                String agentArgs = a[2] == null ? "agent.transform.cache=false,agent.warm.up=false"
                        : "agent.transform.cache.dir=" + root.resolve(a[2]) + ",agent.warm.up=false";
                names.add(label + ", " + a[0]);
                variants.add(with(List.of(java, "-javaagent:" + a[1] + "=" + agentArgs), tail));
            }
        }
        for (List<String> v : variants) StartupBenchmark.run(v); // fills the caches, warms the file cache
        for (List<String> v : variants) StartupBenchmark.run(v);
        double[][] ms = new double[variants.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int v = 0; v < variants.size(); v++) ms[v][r] = StartupBenchmark.run(variants.get(v));
        }
        System.out.println("java: " + java + ", " + rounds + " interleaved rounds, milliseconds");
        for (int base = 0; base < variants.size(); base += 4) {
            System.out.printf(Locale.ROOT, "%-44s median %7.1f%n", names.get(base), StartupBenchmark.median(ms[base]));
            for (int v = base + 1; v < base + 4; v++) {
                System.out.printf(Locale.ROOT, "%-44s median %7.1f   added %+7.1f%n", names.get(v),
                        StartupBenchmark.median(ms[v]), pairedMedian(ms[v], ms[base]));
            }
            System.out.printf(Locale.ROOT, "%-44s %+7.1f%n", "  after - before (cache hit), paired median",
                    pairedMedian(ms[base + 2], ms[base + 1]));
        }
        try (var files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static List<String> with(List<String> head, List<String> tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(tail);
        return all;
    }

    private static double pairedMedian(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i] - b[i];
        return StartupBenchmark.median(d);
    }
}
