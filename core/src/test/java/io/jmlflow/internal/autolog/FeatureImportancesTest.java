package io.jmlflow.internal.autolog;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.entities.FileInfo;
import io.jmlflow.testing.SvgPlot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The feature importance plot: an SVG bar chart, the most important feature on top, user names escaped. */
class FeatureImportancesTest {
    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        Mlflow.setTrackingUri(null);
    }

    @Test
    void xgboostTypesAreSplitAtCommasSemicolonsAndBlanksKeepingKnownOnesInOrder() {
        try {
            io.jmlflow.MlflowConfig.set(FeatureImportances.XGBOOST_TYPES_KEY, " Gain;weight, ,cover\ttotal_gain bogus gain");
            assertEquals(List.of("gain", "weight", "cover", "total_gain"), FeatureImportances.xgboostTypes());
            io.jmlflow.MlflowConfig.set(FeatureImportances.XGBOOST_TYPES_KEY, ",bogus;");
            assertEquals(List.of(), FeatureImportances.xgboostTypes());
        } finally {
            io.jmlflow.MlflowConfig.set(FeatureImportances.XGBOOST_TYPES_KEY, null);
        }
        assertEquals(List.of("weight"), FeatureImportances.xgboostTypes(), "the default");
    }

    @Test
    void barsAreSortedWithTheLargestOnTopAndNamesEscaped() {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("small", 1.0);
        scores.put("<b>&\"big\"", 12.5);
        scores.put("middle", 6.0);
        scores.put("not a number", Double.NaN);
        SvgPlot plot = SvgPlot.parse(FeatureImportances.plot("gain", scores)).assertPlot("importance",
                "Feature Importance (gain)", "Importance", "small", "middle", "<b>&\"big\"", "0.00", "12.50");
        assertTrue(!plot.texts().contains("not a number"), "only finite scores are drawn");
        List<Double> barWidths = new ArrayList<>();
        for (Element r : plot.elements("rect")) {
            if ("#1f77b4".equals(r.getAttribute("fill"))) barWidths.add(Double.parseDouble(r.getAttribute("width")));
        }
        assertEquals(3, barWidths.size(), barWidths.toString());
        assertTrue(barWidths.get(0) < barWidths.get(1) && barWidths.get(1) < barWidths.get(2), "bottom-up: " + barWidths);
        assertTrue(y(plot, "<b>&\"big\"") < y(plot, "middle") && y(plot, "middle") < y(plot, "small"), "largest on top");
    }

    @Test
    void manyFeaturesMakeATallerPlotOfTheFiftyLargest() {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < 80; i++) scores.put("feature_" + i, (double) i);
        SvgPlot plot = SvgPlot.parse(FeatureImportances.plot("weight", scores));
        assertEquals(1050, plot.width());
        assertEquals((int) ((467 + 40 * 10) * 1.5), plot.height(), "10 layout units more per bar beyond ten");
        assertTrue(plot.texts().contains("feature_79") && plot.texts().contains("feature_30"), plot.texts().toString());
        assertTrue(!plot.texts().contains("feature_29"), "the 50 largest only");
    }

    @Test
    void logsTheJsonAndTheSvgUnderMlflowsBaseNames() {
        Mlflow.setTrackingUri("file://" + dir.resolve("mlruns"));
        Mlflow.setExperiment("importances");
        String runId;
        try (ActiveRun run = Mlflow.startRun("xgb")) {
            runId = run.runId();
            FeatureImportances.logTo(run, "weight", Map.of("f0", 3.0));
        }
        List<String> names = new ArrayList<>();
        for (FileInfo f : Mlflow.client().listArtifacts(runId, null)) names.add(f.path());
        names.sort(null);
        assertEquals(List.of("feature_importance_weight.json", "feature_importance_weight.svg"), names);
    }

    private static double y(SvgPlot plot, String text) {
        for (Element t : plot.elements("text")) {
            if (t.getTextContent().equals(text)) return Double.parseDouble(t.getAttribute("y"));
        }
        throw new AssertionError(text + " not in " + plot.texts());
    }
}
