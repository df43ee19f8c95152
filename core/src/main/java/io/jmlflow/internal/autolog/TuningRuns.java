package io.jmlflow.internal.autolog;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.RunOptions;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.internal.Log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A hyperparameter search or cross-validation inside one user call, logged as MLflow's sklearn autolog logs a
 * search: one parent run; a child run per candidate for the best {@code maxTuningRuns()} candidates by score (tag
 * {@code mlflow.parentRunId}, named {@code <parent>-candidate-<rank>}, with its params and metrics); and on the
 * parent: {@code best_<param>} params, a {@code best_<scoreName>} metric, and a {@code cv_results.csv} artifact with
 * every candidate (a {@code rank} column, each param as {@code param_<name>}, each metric), sorted by rank. Ties
 * share the lower rank (sklearn's {@code rank_test_score}); NaN scores rank last. Never throws.
 */
public final class TuningRuns {
    /** The artifact with every candidate. */
    public static final String CV_RESULTS_FILE = "cv_results.csv";

    private TuningRuns() {
    }

    /**
     * One evaluated candidate: its params, its metrics and the score it is ranked by (logged as metric
     * {@code scoreName} unless {@code metrics} has that key already).
     */
    public record Candidate(Map<String, String> params, Map<String, Double> metrics, double score) {
    }

    private record Ranked(Candidate candidate, int rank, Map<String, Double> metrics) {
    }

    /** Logs the search into {@code parent} and its child runs; see the class comment. Never throws. */
    public static void log(ActiveRun parent, String scoreName, boolean higherIsBetter, List<Candidate> candidates) {
        log(parent, scoreName, higherIsBetter, candidates, AutologState.options().maxTuningRuns());
    }

    /**
     * As {@link #log(ActiveRun, String, boolean, List)} with the number of child runs given: post-training work
     * passes the {@code maxTuningRuns} in force when training ended.
     */
    public static void log(ActiveRun parent, String scoreName, boolean higherIsBetter, List<Candidate> candidates,
                           int maxTuningRuns) {
        if (parent == null || candidates == null || candidates.isEmpty()) return;
        try {
            String score = scoreName == null || scoreName.isBlank() ? "score" : scoreName;
            List<Ranked> ranked = rank(score, higherIsBetter, candidates);
            int children = Math.min(ranked.size(), Math.max(0, maxTuningRuns));
            for (int i = 0; i < children; i++) logChild(parent, ranked.get(i));
            Ranked best = ranked.get(0);
            best.candidate.params().forEach((k, v) -> parent.logParam("best_" + k, v));
            if (!Double.isNaN(best.candidate.score())) parent.logMetric("best_" + score, best.candidate.score());
            logCsv(parent, csv(ranked));
        } catch (RuntimeException e) {
            Log.warn("could not log the tuning runs of run " + parent.runId() + ": " + e);
        }
    }

    private static List<Ranked> rank(String scoreName, boolean higherIsBetter, List<Candidate> candidates) {
        List<Candidate> sorted = new ArrayList<>();
        for (Candidate c : candidates) if (c != null) sorted.add(c);
        Comparator<Candidate> byScore = (a, b) -> {
            boolean an = Double.isNaN(a.score());
            boolean bn = Double.isNaN(b.score());
            if (an || bn) return Boolean.compare(an, bn);
            return higherIsBetter ? Double.compare(b.score(), a.score()) : Double.compare(a.score(), b.score());
        };
        sorted.sort(byScore); // stable: equal scores keep the caller's order
        List<Ranked> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Candidate c = sorted.get(i);
            int rank = i > 0 && byScore.compare(sorted.get(i - 1), c) == 0 ? out.get(i - 1).rank : i + 1;
            Map<String, Double> metrics = new LinkedHashMap<>(c.metrics() == null ? Map.of() : c.metrics());
            metrics.putIfAbsent(scoreName, c.score());
            out.add(new Ranked(c, rank, metrics));
        }
        return out;
    }

    private static void logChild(ActiveRun parent, Ranked r) {
        String base = parent.runName() != null ? parent.runName() : parent.runId();
        ActiveRun child;
        try {
            child = Mlflow.startRun(RunOptions.named(base + "-candidate-" + r.rank).parent(parent)
                    .logSystemMetrics(false));
        } catch (RuntimeException e) {
            Log.warnOnce("tuning-child:" + e.getClass().getName(), "could not start a child run of run "
                    + parent.runId() + " for a tuning candidate: " + e.getMessage());
            return;
        }
        // The child is now this thread's active run: end it whatever happens, so the caller's runs are as before.
        try {
            if (r.candidate.params() != null) child.logParams(r.candidate.params());
            long now = System.currentTimeMillis();
            r.metrics.forEach((k, v) -> {
                if (v != null) child.logMetric(k, v, 0, now);
            });
        } finally {
            child.end(RunStatus.FINISHED);
        }
    }

    /** Header: rank, param_<name> for every param, every metric; one row per candidate by rank. */
    static String csv(List<Ranked> ranked) {
        Set<String> params = new LinkedHashSet<>();
        Set<String> metrics = new LinkedHashSet<>();
        for (Ranked r : ranked) {
            if (r.candidate.params() != null) params.addAll(r.candidate.params().keySet());
            metrics.addAll(r.metrics.keySet());
        }
        StringBuilder sb = new StringBuilder("rank");
        for (String p : params) sb.append(',').append(field("param_" + p));
        for (String m : metrics) sb.append(',').append(field(m));
        sb.append('\n');
        for (Ranked r : ranked) {
            sb.append(r.rank);
            for (String p : params) {
                String v = r.candidate.params() == null ? null : r.candidate.params().get(p);
                sb.append(',').append(v == null ? "" : field(v));
            }
            for (String m : metrics) {
                Double v = r.metrics.get(m);
                sb.append(',').append(v == null ? "" : number(v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v) + ".0";
        return Double.toString(v);
    }

    private static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static void logCsv(ActiveRun parent, String content) {
        // in place, not through a temporary file: its random name would set up the JDK's SecureRandom
        parent.logArtifact(CV_RESULTS_FILE, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
