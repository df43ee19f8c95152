package io.jmlflow.bench;

import io.jmlflow.internal.models.JavaSerializationFlavor;
import io.jmlflow.testing.Payloads;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How long loading the nested-set payload takes until it is refused, each time in a fresh JVM (the first load of a
 * process also pays for loading the serialization classes): wall time and the loading thread's CPU time, medians
 * over the runs. Not a test: run it by hand.
 *
 * <pre>
 * java -cp bench/target/classes:core/target/classes:core/target/test-classes io.jmlflow.bench.ModelFilterTiming [runs]
 * </pre>
 */
public final class ModelFilterTiming {
    private ModelFilterTiming() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(Path.of(args[1]));
            return;
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        for (int levels : new int[] {30, 100}) {
            Path file = Files.createTempFile("nested-sets", ".ser");
            JavaSerializationFlavor.writeObject(Payloads.nestedSets(levels), file);
            double[] wall = new double[runs];
            double[] cpu = new double[runs];
            for (int r = 0; r < runs; r++) {
                Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        ModelFilterTiming.class.getName(), "child", file.toString()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes()).trim();
                if (p.waitFor() != 0 || !out.startsWith("refused ")) throw new IllegalStateException(out);
                String[] f = out.split(" ");
                wall[r] = Double.parseDouble(f[1]);
                cpu[r] = Double.parseDouble(f[2]);
            }
            System.out.printf(Locale.ROOT, "%3d levels (%d bytes): refused after %.1f ms wall, %.1f ms CPU "
                    + "(medians of %d fresh JVMs; CPU max %.1f)%n", levels, Files.size(file), median(wall), median(cpu),
                    runs, Arrays.stream(cpu).max().orElse(0));
            Files.delete(file);
        }
    }

    private static void child(Path file) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long wall = System.nanoTime();
        long cpu = mx.getCurrentThreadCpuTime();
        try {
            JavaSerializationFlavor.readObject(file, "java.util.HashSet", List.of());
            System.out.println("LOADED");
        } catch (java.io.InvalidObjectException e) {
            System.out.printf(Locale.ROOT, "refused %.2f %.2f%n", (System.nanoTime() - wall) / 1e6,
                    (mx.getCurrentThreadCpuTime() - cpu) / 1e6);
        }
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
