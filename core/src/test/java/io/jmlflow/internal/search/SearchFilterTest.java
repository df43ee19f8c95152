package io.jmlflow.internal.search;

import io.jmlflow.MlflowException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchFilterTest {
    private static SearchFilter.Fields fields(Map<String, Object> metrics, Map<String, Object> params,
                                              Map<String, Object> tags, Map<String, Object> attrs) {
        return (type, key) -> switch (type) {
            case METRIC -> metrics.get(key);
            case PARAM -> params.get(key);
            case TAG -> tags.get(key);
            case ATTRIBUTE -> attrs.get(key);
            default -> null;
        };
    }

    private final SearchFilter.Fields run = fields(Map.of("acc", 0.9, "loss", 0.1), Map.of("model", "rf", "trees", "100"),
            Map.of("mlflow.runName", "brave-owl-1", "team", "ML"), Map.of("status", "FINISHED", "start_time", 1000L));

    @Test
    void parsesPrefixesQuotesAndOperators() {
        assertTrue(SearchFilter.parse("metrics.acc > 0.5").matches(run));
        assertFalse(SearchFilter.parse("metrics.acc > 0.95").matches(run));
        assertTrue(SearchFilter.parse("metric.loss <= 0.1 AND params.model = 'rf'").matches(run));
        assertTrue(SearchFilter.parse("tags.`mlflow.runName` LIKE 'brave%'").matches(run));
        assertTrue(SearchFilter.parse("tags.\"mlflow.runName\" = \"brave-owl-1\"").matches(run));
        assertTrue(SearchFilter.parse("tags.mlflow.runName != 'x'").matches(run));
        assertTrue(SearchFilter.parse("tags.team ILIKE 'ml'").matches(run));
        assertFalse(SearchFilter.parse("tags.team LIKE 'ml'").matches(run));
        assertTrue(SearchFilter.parse("attributes.status IN ('FINISHED', 'FAILED')").matches(run));
        assertTrue(SearchFilter.parse("status NOT IN ('RUNNING')").matches(run));
        assertTrue(SearchFilter.parse("attribute.start_time >= 1000").matches(run));
        assertTrue(SearchFilter.parse("params.trees = '100' and tags.missing IS NULL").matches(run));
        assertFalse(SearchFilter.parse("metrics.missing > 0").matches(run));
    }

    @Test
    void rejectsBadFilters() {
        assertThrows(MlflowException.class, () -> SearchFilter.parse("metrics.acc > 'high'"));
        assertThrows(MlflowException.class, () -> SearchFilter.parse("metrics.acc >"));
        assertThrows(MlflowException.class, () -> SearchFilter.parse("params.a = 'x' or params.b = 'y'"));
        assertThrows(MlflowException.class, () -> SearchFilter.parse("params.a = 'unterminated"));
    }

    @Test
    void pageTokensRoundTrip() {
        String token = PageTokens.token(25);
        assertEquals(25, PageTokens.offset(token));
        var page = PageTokens.page(List.of(1, 2, 3, 4, 5), 2, PageTokens.token(2));
        assertEquals(List.of(3, 4), page.items());
        assertEquals(4, PageTokens.offset(page.nextPageToken()));
        assertEquals(null, PageTokens.page(List.of(1, 2), 2, null).nextPageToken());
    }
}
