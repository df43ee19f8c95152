package io.jmlflow.internal.autolog;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The estimator.html page. */
class ModelSummaryHtmlTest {

    @Test
    void pageListsClassParamsAndMetricsEscaped() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("trees", "100");
        params.put("formula", "y ~ <x> & \"z\"");
        String html = ModelSummaryHtml.render("smile.classification.RandomForest", params,
                Map.of("training_accuracy_score", 0.9666666666666667, "training_log_loss", 1.234e-7));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<title>RandomForest</title>"), html);
        assertTrue(html.contains("smile.classification.RandomForest"));
        assertTrue(html.contains("<td>trees</td><td class=\"v\">100</td>"), html);
        assertTrue(html.contains("y ~ &lt;x&gt; &amp; &quot;z&quot;"), html);
        assertFalse(html.contains("<x>"));
        assertTrue(html.contains(">0.966667<"), html);
        assertTrue(html.contains(">1.23400e-07<"), html);
        // sorted by key: formula before trees
        assertTrue(html.indexOf("formula") < html.indexOf("trees"));
        assertFalse(html.contains("<script"));
    }

    @Test
    void emptyInputStillRenders() {
        String html = ModelSummaryHtml.render(null, null, null);
        assertTrue(html.contains("<title>model</title>"));
        assertTrue(html.contains("<h2>Parameters</h2>\n<p>none</p>"), html);
    }
}
