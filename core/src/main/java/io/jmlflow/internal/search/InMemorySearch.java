package io.jmlflow.internal.search;

import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LoggedModel;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Page;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Filtering, ordering and paging of runs, experiments and logged models held in memory. */
public final class InMemorySearch {
    private InMemorySearch() {
    }

    public static Page<Run> runs(List<Run> candidates, String filter, List<String> orderBy, int maxResults,
                                 String pageToken) {
        SearchFilter f = SearchFilter.parse(filter);
        List<Run> out = new ArrayList<>();
        for (Run r : candidates) if (f.matches(runFields(r))) out.add(r);
        Comparator<Run> defaults = Comparator.<Run>comparingLong(r -> -r.info().startTime())
                .thenComparing(r -> r.info().runId());
        out.sort(OrderBy.comparator(orderBy, InMemorySearch::runFields, defaults));
        return PageTokens.page(out, maxResults, pageToken);
    }

    public static SearchFilter.Fields runFields(Run run) {
        return (type, key) -> {
            switch (type) {
                case METRIC: return run.data().metric(key);
                case PARAM: return run.data().params().get(key);
                case TAG: return run.data().tags().get(key);
                case ATTRIBUTE: return runAttribute(run.info(), key);
                case DATASET: return datasetField(run, key);
                default: return null;
            }
        };
    }

    private static Object datasetField(Run run, String key) {
        // "datasets.name = 'x'": true when any input matches; the first input's field stands for the run.
        if (run.datasetInputs().isEmpty()) return null;
        var d = run.datasetInputs().get(0).dataset();
        switch (key.toLowerCase(Locale.ROOT)) {
            case "name": return d.name();
            case "digest": return d.digest();
            case "context": return run.datasetInputs().get(0).tags().get("mlflow.data.context");
            default: return null;
        }
    }

    static Object runAttribute(RunInfo info, String key) {
        switch (key.toLowerCase(Locale.ROOT)) {
            case "run_id": case "run_uuid": case "id": return info.runId();
            case "run_name": case "run name": case "name": return info.runName();
            case "status": return info.status().name();
            case "user_id": return info.userId();
            case "artifact_uri": return info.artifactUri();
            case "start_time": case "created": case "start time": return info.startTime();
            case "end_time": case "end time": return info.endTime();
            case "experiment_id": return info.experimentId();
            case "lifecycle_stage": return info.lifecycleStage().text();
            default: return null;
        }
    }

    public static Page<Experiment> experiments(List<Experiment> candidates, String filter, List<String> orderBy,
                                               int maxResults, String pageToken) {
        SearchFilter f = SearchFilter.parse(filter);
        List<Experiment> out = new ArrayList<>();
        for (Experiment e : candidates) if (f.matches(experimentFields(e))) out.add(e);
        Comparator<Experiment> defaults = Comparator.<Experiment>comparingLong(e -> -e.creationTime())
                .thenComparing(e -> numericId(e.experimentId()));
        out.sort(OrderBy.comparator(orderBy, InMemorySearch::experimentFields, defaults));
        return PageTokens.page(out, maxResults, pageToken);
    }

    private static long numericId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    public static SearchFilter.Fields experimentFields(Experiment e) {
        return (type, key) -> {
            switch (type) {
                case TAG: return e.tags().get(key);
                case ATTRIBUTE:
                    switch (key.toLowerCase(Locale.ROOT)) {
                        case "name": return e.name();
                        case "experiment_id": case "id": return e.experimentId();
                        case "creation_time": return e.creationTime();
                        case "last_update_time": return e.lastUpdateTime();
                        case "artifact_location": return e.artifactLocation();
                        case "lifecycle_stage": return e.lifecycleStage().text();
                        default: return null;
                    }
                default: return null;
            }
        };
    }

    public static Page<LoggedModel> loggedModels(List<LoggedModel> candidates, String filter, List<String> orderBy,
                                                 int maxResults, String pageToken) {
        SearchFilter f = SearchFilter.parse(filter);
        List<LoggedModel> out = new ArrayList<>();
        for (LoggedModel m : candidates) if (f.matches(loggedModelFields(m))) out.add(m);
        Comparator<LoggedModel> defaults = Comparator.<LoggedModel>comparingLong(m -> -m.creationTimestamp())
                .thenComparing(LoggedModel::modelId);
        out.sort(OrderBy.comparator(orderBy, InMemorySearch::loggedModelFields, defaults));
        return PageTokens.page(out, maxResults, pageToken);
    }

    public static SearchFilter.Fields loggedModelFields(LoggedModel m) {
        return (type, key) -> {
            switch (type) {
                case TAG: return m.tags().get(key);
                case PARAM: return m.params().get(key);
                case METRIC:
                    Double v = null;
                    for (Metric x : m.metrics()) if (x.key().equals(key)) v = x.value();
                    return v;
                case ATTRIBUTE:
                    switch (key.toLowerCase(Locale.ROOT)) {
                        case "name": return m.name();
                        case "model_id": case "id": return m.modelId();
                        case "status": return m.status().name();
                        case "source_run_id": return m.sourceRunId();
                        case "model_type": return m.modelType();
                        case "creation_time": case "creation_timestamp": return m.creationTimestamp();
                        case "last_updated_timestamp": return m.lastUpdatedTimestamp();
                        default: return null;
                    }
                default: return null;
            }
        };
    }
}
