package io.jmlflow.internal.session;

import io.jmlflow.MlflowConfig;
import io.jmlflow.MlflowException;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LifecycleStage;
import io.jmlflow.internal.Failures;
import io.jmlflow.internal.Log;
import io.jmlflow.internal.store.TrackingStore;

import java.util.List;

/**
 * The experiment new runs go to: set by {@code setExperiment} (by name, created when missing) or by id, else
 * {@code MLFLOW_EXPERIMENT_NAME}/{@code _ID}, else "0". Setting it by name asks the store once within the first-attempt
 * budget ({@code run.create.timeout.ms}); when the store does not answer in time the name is kept, and runs started
 * meanwhile are created in it by the writer (or at a replay), so a training thread never waits through retries.
 */
public final class ExperimentChoice {
    private static volatile String activeId;
    /** A name set while the store did not answer: runs started meanwhile are created in it. */
    private static volatile String pendingName;

    private ExperimentChoice() {
    }

    /**
     * Makes {@code name} the active experiment; returns it, or null (warned) when the store did not answer or refused.
     * A deleted experiment raises {@code INVALID_STATE}, as in MLflow.
     */
    public static Experiment set(Session s, String name) {
        try {
            String problem = io.jmlflow.internal.Validation.experimentNameProblem(name);
            if (problem != null) throw MlflowException.invalid(problem);
            if (s.logger().offline().isOffline()) {
                throw new io.jmlflow.MlflowHttpException(MlflowException.IO_ERROR, "it does not answer ("
                        + s.logger().offline().offlineReason() + ")", 0);
            }
            Experiment e = byName(s.quickStore(), name);
            activeId = e.experimentId();
            pendingName = null;
            return e;
        } catch (MlflowException e) {
            if (MlflowException.INVALID_STATE.equals(e.errorCode())) throw e;
            if (Failures.isWorthKeeping(e)) {
                pendingName = name;
                activeId = null;
                s.logger().offline().goOffline(e, "; runs and what they log go");
                Log.warn("could not set experiment '" + name + "' in " + s.trackingUri() + ": " + Failures.describe(e)
                        + " (runs started meanwhile are created in it when the server answers)");
            } else {
                Log.warn("could not set experiment '" + name + "' in " + s.trackingUri() + ": " + Failures.describe(e)
                        + " (runs go to the default experiment)");
            }
            return null;
        }
    }

    /** The id of the experiment named so in {@code store}, created when missing (a deleted one raises). */
    public static String idForName(TrackingStore store, String name) {
        return byName(store, name).experimentId();
    }

    private static Experiment byName(TrackingStore store, String name) {
        Experiment e = store.getExperimentByName(name);
        if (e == null) {
            try {
                store.createExperiment(name, null, List.of());
            } catch (MlflowException ex) {
                if (!MlflowException.RESOURCE_ALREADY_EXISTS.equals(ex.errorCode())) throw ex;
            }
            e = store.getExperimentByName(name);
            if (e == null) throw MlflowException.notFound("experiment '" + name + "'");
        } else if (e.lifecycleStage() == LifecycleStage.DELETED) {
            throw new MlflowException(MlflowException.INVALID_STATE, "experiment '" + name
                    + "' is deleted; restore it or use another name");
        }
        return e;
    }

    /** Makes experiment {@code id} the active one: asked for within the budget, used as it is if the store is away. */
    public static Experiment setById(Session s, String id) {
        try {
            if (s.logger().offline().isOffline()) {
                throw new io.jmlflow.MlflowHttpException(MlflowException.IO_ERROR, "it does not answer ("
                        + s.logger().offline().offlineReason() + ")", 0);
            }
            Experiment e = s.quickStore().getExperiment(id);
            setId(e.experimentId());
            return e;
        } catch (MlflowException e) {
            if (!Failures.isWorthKeeping(e)) throw e;
            setId(id);
            s.logger().offline().goOffline(e, "; runs and what they log go");
            Log.warn("could not read experiment " + id + " in " + s.trackingUri() + ": " + Failures.describe(e)
                    + " (runs go to it all the same)");
            return null;
        }
    }

    public static void setId(String experimentId) {
        activeId = experimentId;
        pendingName = null;
    }

    /** The id new runs go to, or null while they go to an experiment named while the store did not answer. */
    public static String activeId(Session s) {
        String id = activeId;
        if (id != null) return id;
        String pending = pendingName;
        if (pending != null) {
            String resolved = s.logger().resolvedExperiment(pending);
            if (resolved != null) {
                activeId = resolved;
                pendingName = null;
                return resolved;
            }
            return null;
        }
        String name = MlflowConfig.get(MlflowConfig.EXPERIMENT_NAME);
        if (name != null) {
            Experiment e = set(s, name);
            if (e != null) return e.experimentId();
            if (pendingName != null) return null;
        }
        String envId = MlflowConfig.get(MlflowConfig.EXPERIMENT_ID);
        return envId != null ? envId : "0";
    }

    /** The name runs are created in while its id is not known (see {@link #activeId}), else null. */
    public static String pendingName() {
        return pendingName;
    }

    /**
     * For a run that must not wait (autologging's, inside a training call): the active experiment's id when it is
     * known without asking the store, else null, and then {@link #nameToResolve} is the name the run's creation
     * resolves on a background thread.
     */
    public static String knownId(Session s) {
        String id = activeId;
        if (id != null) return id;
        String name = nameToResolve();
        if (name != null) return s.logger().resolvedExperiment(name);
        String envId = MlflowConfig.get(MlflowConfig.EXPERIMENT_ID);
        return envId != null ? envId : "0";
    }

    /** The experiment name a run's creation resolves when {@link #knownId} has no id, else null. */
    public static String nameToResolve() {
        if (activeId != null) return null;
        String pending = pendingName;
        return pending != null ? pending : MlflowConfig.get(MlflowConfig.EXPERIMENT_NAME);
    }

    /** A new tracking URI or a reset: nothing is chosen. */
    public static void reset() {
        activeId = null;
        pendingName = null;
    }
}
