package io.jmlflow.bench;

import io.jmlflow.MlflowClient;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.Run;
import io.jmlflow.testing.PairedStats;
import io.jmlflow.testing.PythonMlflow;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark table's {@code process} section: what a user waits for, the whole program. Each {@link Program} runs
 * in fresh JVMs without and with {@code -javaagent:mlflow-agent.jar} (its defaults), and its Python anchor, the
 * nearest scikit-learn program, in fresh Python processes without and with {@code mlflow.sklearn.autolog()}; all
 * four side by side in one run, in an order that alternates from pair to pair (plain first, then the traced run
 * first; Java first, then Python first), after one untimed run of each (the OS file cache, the agent's transform
 * cache, the store's schema: a program a user runs again finds them so). Each arm keeps its working folder, with
 * its SQLite store {@code sqlite:///mlflow.db} (MLflow's default), across its runs, as a user's folder does.
 *
 * <p>Measured per process ({@link MeasuredProcess}): wall time from start to exit and the CPU time (user + system)
 * of the process and everything it waited for. Reported: the medians without, and the median of the paired
 * differences with its interquartile range ({@code [q1..q3]}), for wall and CPU. The 40-run fluent loop needs no
 * agent: its own time (printed by the program) against the same loop through MLflow's Python client.
 *
 * <p>{@code bench.process.pairs} sets the pairs (default 8, 3 with {@code --quick}); {@code bench.process.programs}
 * picks programs by key ({@code forest600,forest20k,cv,tribuo,dl4j,sparkcv,loop}).
 */
final class ProcessBenchmark {
    /** How a program's line is judged: a fixed cost in ms, a share of the plain run in %, or the loop's time. */
    enum Kind { FIXED_MS, PERCENT, LOOP_MS }

    record Target(Kind kind, double limit) {
        String describe() {
            return switch (kind) {
                case FIXED_MS -> fmt("<= %.0f ms wall and CPU", limit);
                case PERCENT -> fmt("<= %.0f%% wall and CPU", limit);
                case LOOP_MS -> fmt("<= %.0f s", limit / 1000);
            };
        }
    }

    /**
     * One program: its Java command (class path, main class, arguments), its Python anchor (arguments of
     * {@code sklearn_programs.py}; null for none) and the target of its line.
     */
    record Program(String key, String what, Supplier<String> classPath, String mainClass, List<String> args,
                   String pythonWhat, List<String> pythonArgs, Target target, Map<String, String> env) {
        Program(String key, String what, Supplier<String> classPath, String mainClass, List<String> args,
                String pythonWhat, List<String> pythonArgs, Target target) {
            this(key, what, classPath, mainClass, args, pythonWhat, pythonArgs, target, Map.of());
        }

        boolean usesAgent() {
            return target.kind() != Kind.LOOP_MS;
        }

        /** The Java process's environment: the store, and the program's own settings. */
        Map<String, String> javaEnv() {
            Map<String, String> all = new LinkedHashMap<>(STORE);
            all.putAll(env);
            return all;
        }

        /** {@code java [jvmArgs] [-javaagent:agent] -cp ... main args}; {@code agent} null for none. */
        List<String> command(String java, Path agent, List<String> jvmArgs) {
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(jvmArgs);
            if (agent != null) cmd.add("-javaagent:" + agent);
            cmd.addAll(List.of("-cp", classPath.get(), mainClass));
            cmd.addAll(args);
            return cmd;
        }

        /**
         * The same, with the program started by {@code wrapper} ({@code wrapper main args}), which is found in
         * {@code wrapperClassPath}, after the program's class path.
         */
        List<String> wrapped(String java, Path agent, List<String> jvmArgs, Class<?> wrapper, String wrapperClassPath) {
            List<String> cmd = command(java, agent, jvmArgs);
            int cp = cmd.indexOf("-cp") + 1;
            cmd.set(cp, cmd.get(cp) + File.pathSeparator + wrapperClassPath);
            cmd.add(cp + 1, wrapper.getName());
            return cmd;
        }
    }

    /** One way to run a program, in its own working folder that outlives its runs. */
    private record Arm(String name, List<String> command, Path dir, Map<String, String> env) {
    }

    static final Map<String, String> STORE = Map.of("MLFLOW_TRACKING_URI", "sqlite:///mlflow.db");
    private static final Pattern LOOP_MS = Pattern.compile("(?m)^LOOP_MS ([0-9.]+)");

    private final String java;
    private final boolean quick;
    private final Path tmp;
    private final Path logs;

    ProcessBenchmark(String java, boolean quick, Path tmp, Path logs) {
        this.java = java;
        this.quick = quick;
        this.tmp = tmp;
        this.logs = logs;
    }

    /** The programs, from the build folders {@code scripts/bench.sh} names; an unbuilt one fails in its line. */
    static List<Program> programs() {
        List<Program> p = new ArrayList<>();
        String smile = "io.jmlflow.integrations.smile.e2e.bench.";
        p.add(new Program("forest600", "Smile RandomForest 600 rows x 5, 37 trees, then predict + print",
                e2eClassPath("bench.smile.target", true), smile + "ForestProgram", List.of("600", "5", "37"),
                "scikit-learn RandomForestClassifier, same shapes", List.of("forest", "600", "5", "37"),
                new Target(Kind.FIXED_MS, 250)));
        p.add(new Program("forest20k", "Smile RandomForest 20,000 rows x 20, 50 trees, depth 12, then predict on"
                + " the 20,000 rows", e2eClassPath("bench.smile.target", true), smile + "ForestProgram",
                List.of("20000", "20", "50", "12"), "scikit-learn RandomForestClassifier, same shapes",
                List.of("forest", "20000", "20", "50", "12"), new Target(Kind.PERCENT, 3)));
        p.add(new Program("cv", "Smile 5-fold CrossValidation of a DecisionTree, 600 rows x 5",
                e2eClassPath("bench.smile.target", true), smile + "CrossValidationProgram", List.of("600", "5", "5"),
                "scikit-learn cross_val_score of a DecisionTreeClassifier, same folds and shapes",
                List.of("cv", "600", "5", "5"), new Target(Kind.FIXED_MS, 300)));
        p.add(new Program("tribuo", "Tribuo logistic regression, 600 crescents, evaluated on 200",
                e2eClassPath("bench.tribuo.target", true),
                "io.jmlflow.integrations.tribuo.e2e.bench.LogisticProgram",
                List.of(), "scikit-learn LogisticRegression, 600 moons, scored on 200", List.of("logistic"),
                new Target(Kind.FIXED_MS, 300)));
        // One OpenMP thread, as in the other DL4J benchmarks: with two on this shared 2-core machine, ND4J's spinning
        // threads make the same process take 3 s or 16 s from one run to the next, with or without the agent.
        p.add(new Program("dl4j", "DL4J MLP on iris (samples' IrisClassifier: 4-16-8-3, 30 epochs, evaluate;"
                + " OMP_NUM_THREADS=1)", e2eClassPath("bench.dl4j.target", false),
                "io.jmlflow.samples.dl4j.IrisClassifier", List.of(), "scikit-learn MLPClassifier (16, 8) on iris,"
                + " 30 epochs", List.of("mlp"), new Target(Kind.FIXED_MS, 300), Map.of("OMP_NUM_THREADS", "1")));
        p.add(new Program("xgboost", "XGBoost4J 25 rounds, 2,000 rows x 5, train and validation watched (samples'"
                + " CreditDefault 25: booster params, 50 metric points, importances, model, python_function flavor)",
                e2eClassPath("bench.xgboost.target", false), "io.jmlflow.samples.xgboost.CreditDefault", List.of("25"),
                "xgboost.train 25 rounds, same shapes, with mlflow.xgboost.autolog()", List.of("xgboost", "25"),
                new Target(Kind.FIXED_MS, 300)));
        // Spark on Java 17 needs its launcher's --add-opens flags: JDK_JAVA_OPTIONS hands them to the java launcher.
        p.add(new Program("sparkcv", "Spark MLlib CrossValidator, 3 folds x 4 param maps (parallelism 2) of the churn"
                + " pipeline, 2,000 rows, local[2] (samples' ChurnCrossValidation)", e2eClassPath("bench.spark.target",
                false), "io.jmlflow.samples.spark.ChurnCrossValidation", List.of("2000", "local[2]"),
                "pyspark, the same CrossValidator, mlflow.pyspark.ml.autolog()", List.of("sparkcv", "2000"),
                new Target(Kind.FIXED_MS, 300), Map.of("JDK_JAVA_OPTIONS", System.getProperty("bench.spark.opens", ""))));
        p.add(new Program("loop", "40 runs x 10 points through the fluent API into SQLite (no agent), the loop",
                ProcessBenchmark::ownClassPath, FluentLoopProgram.class.getName(), List.of("40", "10"),
                "MLflow's Python client, same loop", List.of("loop", "40", "10"), new Target(Kind.LOOP_MS, 2000)));
        String only = System.getProperty("bench.process.programs");
        if (only != null && !only.isBlank()) {
            List<String> keys = List.of(only.split(","));
            p.removeIf(program -> !keys.contains(program.key()));
        }
        return p;
    }

    /** Measures every program; a program that fails gets a FAILED line with its reason, the others still run. */
    List<BenchTable.Line> run() {
        int pairs = Integer.getInteger("bench.process.pairs", quick ? 3 : 8);
        System.out.printf(Locale.ROOT, "[bench]   %d pairs per program; [q1..q3] = interquartile range of the paired"
                + " differences; child output in %s%n", pairs, logs.resolve("process"));
        List<BenchTable.Line> lines = new ArrayList<>();
        for (Program p : programs()) {
            long t0 = System.nanoTime();
            try {
                lines.addAll(measure(p, pairs));
            } catch (Exception | Error e) {
                lines.add(new BenchTable.Line("process: " + p.what(), "FAILED",
                        e.toString().replace('|', '/').replace('\n', ' '), "", ""));
            }
            System.out.printf(Locale.ROOT, "[bench]   %s done in %.0f s%n", p.key(), (System.nanoTime() - t0) / 1e9);
        }
        return lines;
    }

    private List<BenchTable.Line> measure(Program p, int pairs) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("process").resolve(p.key()));
        Path programLogs = Files.createDirectories(logs.resolve("process"));
        Path script = pythonScript();
        String python = PythonMlflow.python();
        Map<String, String> pyEnv = new LinkedHashMap<>(PythonMlflow.baseEnv());
        pyEnv.putAll(STORE);
        List<Arm> arms = new ArrayList<>();
        arms.add(arm("plain", p.command(java, null, List.of()), root, p.javaEnv()));
        if (p.usesAgent()) arms.add(arm("agent", p.command(java, agentJar(), List.of()), root, p.javaEnv()));
        List<String> py = new ArrayList<>(List.of(python, script.toString()));
        arms.add(arm("python", concat(py, p.pythonArgs()), root, pyEnv));
        if (p.usesAgent()) {
            py.add("--autolog");
            arms.add(arm("python-autolog", concat(py, p.pythonArgs()), root, pyEnv));
        }
        try {
            // Warm-up: under the agent twice, as a user's third run of a program is measured: the first run fills the
            // transform cache, the second lists the agent classes later runs define ahead (ClassPreload).
            for (Arm a : arms) {
                once(p, a, programLogs.resolve(p.key() + "-" + a.name() + "-warmup.log"));
                if (a.name().equals("agent")) once(p, a, programLogs.resolve(p.key() + "-" + a.name() + "-warmup2.log"));
            }
            List<List<Sample>> samples = new ArrayList<>();
            for (int a = 0; a < arms.size(); a++) samples.add(new ArrayList<>());
            for (int round = 0; round < pairs; round++) {
                for (int a : order(round, arms.size())) {
                    Arm arm = arms.get(a);
                    Path log = programLogs.resolve(p.key() + "-" + arm.name() + "-" + (round + 1) + ".log");
                    Sample s = once(p, arm, log);
                    samples.get(a).add(s);
                    System.out.printf(Locale.ROOT, "[bench]   %s pair %d %-15s wall %8.0f ms  CPU %8.0f ms%s%n",
                            p.key(), round + 1, arm.name(), s.wallMs(), s.cpuMs(),
                            Double.isNaN(s.loopMs()) ? "" : fmt("  loop %8.0f ms", s.loopMs()));
                }
            }
            if (p.usesAgent()) {
                String agentRuns = runsPerProcess(arms.get(1).dir(), pairs + 1);
                String pythonRuns = runsPerProcess(arms.get(3).dir(), pairs + 1);
                if (!agentRuns.matches("[1-9].* per process")) {
                    throw new IllegalStateException("the agent logged no runs (" + agentRuns + ") in "
                            + arms.get(1).dir());
                }
                return List.of(agentLine(p, samples.get(0), samples.get(1), pairs, agentRuns),
                        anchorLine(p, samples.get(2), samples.get(3), pairs, pythonRuns));
            }
            verifyLoopRuns(arms.get(0).dir(), pairs + 1, p);
            return List.of(loopLine(p, samples.get(0), samples.get(1), pairs));
        } finally {
            BenchTable.deleteTree(root); // a model of the 20,000-row forest is ~30 MB
        }
    }

    /** One process's figures; {@code loopMs} NaN unless the program printed {@code LOOP_MS}. */
    record Sample(double wallMs, double cpuMs, double loopMs) {
    }

    private Sample once(Program p, Arm arm, Path log) throws Exception {
        MeasuredProcess.Result r = MeasuredProcess.run(arm.command(), arm.dir(), arm.env(), log, 30, null);
        if (r.exitCode() != 0) {
            String out = r.output();
            throw new IllegalStateException(p.key() + " (" + arm.name() + ") exited " + r.exitCode() + ": "
                    + out.substring(Math.max(0, out.length() - 300)));
        }
        Matcher loop = LOOP_MS.matcher(r.output());
        return new Sample(r.wallMs(), r.cpuMs(), loop.find() ? Double.parseDouble(loop.group(1)) : Double.NaN);
    }

    /**
     * The arms' order in pair {@code round}: two arms alternate; of four (two pairs), the first pair's two alternate
     * from round to round, and so do the second's, and which pair goes first every other round.
     */
    static int[] order(int round, int arms) {
        boolean plainFirst = round % 2 == 0;
        int[] pair1 = plainFirst ? new int[] {0, 1} : new int[] {1, 0};
        if (arms == 2) return pair1;
        int[] pair2 = plainFirst ? new int[] {2, 3} : new int[] {3, 2};
        boolean javaFirst = (round / 2) % 2 == 0;
        int[] first = javaFirst ? pair1 : pair2;
        int[] second = javaFirst ? pair2 : pair1;
        return new int[] {first[0], first[1], second[0], second[1]};
    }

    private static BenchTable.Line agentLine(Program p, List<Sample> plain, List<Sample> agent, int pairs,
                                             String runs) {
        Paired wall = Paired.of(agent, plain, Sample::wallMs);
        Paired cpu = Paired.of(agent, plain, Sample::cpuMs);
        boolean met = p.target().kind() == Kind.PERCENT
                ? wall.percent() <= p.target().limit() && cpu.percent() <= p.target().limit()
                : wall.median() <= p.target().limit() && cpu.median() <= p.target().limit();
        return new BenchTable.Line("process: " + p.what() + ", agent (defaults; " + runs + ") vs none",
                wall.describe("wall")
                + ", " + cpu.describe("CPU"), fmt("without the agent (medians of %d pairs): %.0f ms wall, %.0f ms CPU",
                pairs, wall.base(), cpu.base()), fmt("%.2fx wall, %.2fx CPU", wall.ratio(), cpu.ratio()),
                p.target().describe() + ": " + (met ? "met" : "MISSED"));
    }

    private static BenchTable.Line anchorLine(Program p, List<Sample> plain, List<Sample> autolog, int pairs,
                                              String runs) {
        Paired wall = Paired.of(autolog, plain, Sample::wallMs);
        Paired cpu = Paired.of(autolog, plain, Sample::cpuMs);
        return new BenchTable.Line("process, Python anchor: " + p.pythonWhat() + ", mlflow.sklearn.autolog() ("
                + runs + ") vs none",
                wall.describe("wall") + ", " + cpu.describe("CPU"), fmt("without autolog (medians of %d pairs): %.0f ms"
                        + " wall, %.0f ms CPU", pairs, wall.base(), cpu.base()),
                fmt("%.2fx wall, %.2fx CPU", wall.ratio(), cpu.ratio()), "-");
    }

    private static BenchTable.Line loopLine(Program p, List<Sample> java, List<Sample> python, int pairs) {
        double loop = median(java, Sample::loopMs);
        double pyLoop = median(python, Sample::loopMs);
        double[] q = quartiles(column(java, Sample::loopMs));
        return new BenchTable.Line("process: " + p.what(), fmt("%.0f ms [%.0f..%.0f]; process %.0f ms wall, %.0f ms"
                        + " CPU", loop, q[0], q[1], median(java, Sample::wallMs), median(java, Sample::cpuMs)),
                fmt("%s (medians of %d runs each): loop %.0f ms; process %.0f ms wall, %.0f ms CPU", p.pythonWhat(),
                        pairs, pyLoop, median(python, Sample::wallMs), median(python, Sample::cpuMs)),
                fmt("%.2fx of Python's loop", loop / pyLoop),
                p.target().describe() + ": " + (loop <= p.target().limit() ? "met" : "MISSED"));
    }

    /**
     * Paired differences of one measure, {@code with - without} pair by pair: their median and interquartile range,
     * against the median of {@code without}.
     */
    record Paired(double base, double median, double q1, double q3) {
        static Paired of(List<Sample> with, List<Sample> without, ToDoubleFunction<Sample> f) {
            double[] d = PairedStats.differences(column(with, f), column(without, f));
            double[] q = quartiles(d);
            return new Paired(ProcessBenchmark.median(without, f), PairedStats.median(d), q[0], q[1]);
        }

        double percent() {
            return 100 * median / base;
        }

        double ratio() {
            return 1 + median / base;
        }

        String describe(String measure) {
            return fmt("%s %+.0f ms [%+.0f..%+.0f] (%+.1f%%)", measure, median, q1, q3, percent());
        }
    }

    /** The first and third quartiles (linear interpolation between the closest ranks). */
    static double[] quartiles(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return new double[] {quantile(v, 0.25), quantile(v, 0.75)};
    }

    private static double quantile(double[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double median(List<Sample> samples, ToDoubleFunction<Sample> f) {
        return PairedStats.median(column(samples, f));
    }

    private static double[] column(List<Sample> samples, ToDoubleFunction<Sample> f) {
        return samples.stream().mapToDouble(f).toArray();
    }

    /**
     * How many runs the store in {@code dir} got per process, read with our client (for the Python arm, from the
     * store Python's MLflow wrote), as {@code "<n> runs per process"}; the reason where it cannot be read.
     */
    private static String runsPerProcess(Path dir, int processes) {
        if (!Files.exists(dir.resolve("mlflow.db"))) return "no runs: no store";
        try {
            int runs = runs(dir).size();
            if (runs == processes) return "1 run per process";
            return runs % processes == 0 ? fmt("%d runs per process", runs / processes)
                    : fmt("%.1f runs per process", runs / (double) processes);
        } catch (RuntimeException e) {
            return "runs unread: " + e.getMessage();
        }
    }

    /** The Java loop's store holds every run of every process, each with its points. */
    private static void verifyLoopRuns(Path dir, int processes, Program p) {
        int perProcess = Integer.parseInt(p.args().get(0));
        int points = Integer.parseInt(p.args().get(1));
        List<Run> runs = runs(dir);
        if (runs.size() != perProcess * processes) {
            throw new IllegalStateException("the loop's store holds " + runs.size() + " runs, not "
                    + perProcess * processes);
        }
        try (MlflowClient client = new MlflowClient(uri(dir))) {
            int history = client.getMetricHistory(runs.get(0).info().runId(), "loss").size();
            if (history != points) throw new IllegalStateException("a loop run holds " + history + " points");
        }
    }

    private static List<Run> runs(Path dir) {
        try (MlflowClient client = new MlflowClient(uri(dir))) {
            List<String> ids = new ArrayList<>();
            for (Experiment e : client.searchExperiments("")) ids.add(e.experimentId());
            return client.searchRuns(ids, "");
        }
    }

    private static String uri(Path dir) {
        return "sqlite:///" + dir.toAbsolutePath().resolve("mlflow.db");
    }

    private static Arm arm(String name, List<String> command, Path root, Map<String, String> env) throws IOException {
        return new Arm(name, command, Files.createDirectories(root.resolve(name)), env);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** {@code sklearn_programs.py}, copied out of the class path into the temp folder. */
    private Path pythonScript() throws IOException {
        Path script = tmp.resolve("sklearn_programs.py");
        if (!Files.exists(script)) {
            try (InputStream in = ProcessBenchmark.class.getResourceAsStream("sklearn_programs.py")) {
                if (in == null) throw new IllegalStateException("sklearn_programs.py is not on the class path");
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return script;
    }

    static Path agentJar() {
        return property("bench.agent.jar");
    }

    /**
     * An application class path from an end-to-end module's build folder (system property {@code property}): its test
     * classes, where the benchmark's programs are, if {@code testClasses}, and its runtime dependencies (the sample
     * whose classes the programs use, and the library), without jmlflow's own modules: as in a user's JVM, jmlflow
     * comes from the agent jar.
     */
    static Supplier<String> e2eClassPath(String property, boolean testClasses) {
        return () -> applicationClassPath(property(property), testClasses);
    }

    private static String applicationClassPath(Path dir, boolean testClasses) {
        Path root = PythonMlflow.repoRoot();
        List<String> cp = new ArrayList<>();
        if (testClasses) cp.add(dir.resolve("test-classes").toString());
        cp.add(dir.resolve("classes").toString());
        try {
            for (String e : Files.readString(dir.resolve("runtime-classpath.txt")).trim().split(File.pathSeparator)) {
                if (e.isBlank()) continue;
                Path entry = Paths.get(e).toAbsolutePath().normalize();
                String name = entry.getFileName().toString();
                boolean sample = entry.startsWith(root.resolve("samples")) || name.startsWith("jmlflow-samples-");
                if (!sample && (entry.startsWith(root) || name.startsWith("jmlflow-"))) continue;
                cp.add(entry.toString());
            }
        } catch (IOException e) {
            throw new IllegalStateException(dir.resolve("runtime-classpath.txt") + " is missing (run"
                    + " scripts/bench.sh)");
        }
        return String.join(File.pathSeparator, cp);
    }

    /** This JVM's class path (the bench module's), each entry absolute: the programs run in other folders. */
    private static String ownClassPath() {
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isBlank()) cp.add(Paths.get(e).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, cp);
    }

    static Path property(String name) {
        String v = System.getProperty(name);
        if (v == null) {
            throw new IllegalStateException("system property " + name + " is not set (run scripts/bench.sh)");
        }
        return Paths.get(v).toAbsolutePath();
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
