package io.jmlflow.internal.annotations;

import io.jmlflow.ActiveRun;
import io.jmlflow.Mlflow;
import io.jmlflow.MlflowConfig;
import io.jmlflow.MlflowException;
import io.jmlflow.RunOptions;
import io.jmlflow.annotations.LogMetric;
import io.jmlflow.annotations.LogModel;
import io.jmlflow.annotations.LogParam;
import io.jmlflow.annotations.TrackRun;
import io.jmlflow.entities.Experiment;
import io.jmlflow.entities.LifecycleStage;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.internal.Log;

import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@link TrackRun}, {@link LogParam}, {@link LogMetric} and {@link LogModel} mean, in one place, for every
 * weaver: the javaagent's advice and an AspectJ aspect both call {@link #onEnter} before the annotated method runs
 * and {@link #onExit} after it returned or threw.
 *
 * <ul>
 *   <li>{@code @TrackRun}: starts a run named by the annotation or after the method, in the annotation's
 *       experiment (created when missing) or the active one, nested when the thread already has a run; ends it
 *       FINISHED when the method returns and FAILED when it throws.</li>
 *   <li>{@code @LogParam} parameters, and {@code @LogParam} fields of the object a {@code @TrackRun} method is called
 *       on, become params, flattened by {@link ParamFlattener}.</li>
 *   <li>{@code @LogMetric}: the returned number, or each entry of a returned {@code Map<String, Number>}, becomes a
 *       metric point; the step comes from the parameter named by {@link LogMetric#step()}, else from a per-run,
 *       per-key call counter (0, 1, 2, ...), so repeated calls build history.</li>
 *   <li>{@code @LogModel}: the returned object is logged with {@link Mlflow#logModel}.</li>
 * </ul>
 * Outside a {@code @TrackRun} method these log into the thread's active run, starting one when there is none (as
 * MLflow's log calls do). Nothing here throws into the caller or changes arguments, return values or exceptions:
 * a failure warns once, and a method whose handling fails unexpectedly is left alone from then on. Setting
 * {@code annotations.enabled=false} ({@code -Dmlflow.annotations.enabled=false},
 * {@code MLFLOW_ANNOTATIONS_ENABLED=false}) turns all of this off.
 */
public final class TrackedCalls {
    public static final String ENABLED_KEY = "annotations.enabled";

    private static volatile boolean enabled = MlflowConfig.getBoolean(ENABLED_KEY, true);

    private static final ClassValue<Map<String, Plan>> PLANS = new ClassValue<>() {
        @Override
        protected Map<String, Plan> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };
    private static final ClassValue<FieldParam[]> FIELD_PARAMS = new ClassValue<>() {
        @Override
        protected FieldParam[] computeValue(Class<?> type) {
            return fieldParamsOf(type);
        }
    };
    private static final Map<ActiveRun, Map<String, AtomicLong>> STEP_COUNTERS =
            Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<String, String> EXPERIMENT_IDS = new ConcurrentHashMap<>();

    private TrackedCalls() {
    }

    /** False when annotation handling is switched off; weavers may skip {@link #onEnter} then. */
    public static boolean isEnabled() {
        return enabled;
    }

    /** Switches annotation handling on or off for this JVM (overrides {@code annotations.enabled}). */
    public static void setEnabled(boolean value) {
        enabled = value;
    }

    // ------------------------------------------------------------------ entry points

    /**
     * Before an annotated method runs. {@code target} is null for static methods; {@code args} are the call's
     * arguments (not modified). Returns the token to pass to {@link #onExit}, or null when nothing is left to do.
     */
    public static Object onEnter(Method method, Object target, Object[] args) {
        if (!enabled) return null;
        try {
            return enter(plan(method.getDeclaringClass(), key(method)), target, args);
        } catch (Throwable t) {
            return internalError(null, t);
        }
    }

    /**
     * As {@link #onEnter(Method, Object, Object[])}, for bytecode weavers that know the method by its declaring
     * class and name + JVM descriptor ({@code "train(Ljava/lang/String;I)D"}) without a {@link Method} at hand.
     */
    public static Object onEnter(Class<?> declaringClass, String nameAndDescriptor, Object target, Object[] args) {
        if (!enabled) return null;
        try {
            return enter(plan(declaringClass, nameAndDescriptor), target, args);
        } catch (Throwable t) {
            return internalError(null, t);
        }
    }

    /** After the method returned {@code returned} (boxed; null for void) or threw {@code thrown}. */
    public static void onExit(Object token, Object returned, Throwable thrown) {
        if (!(token instanceof Call call)) return;
        try {
            exit(call, returned, thrown);
        } catch (Throwable t) {
            internalError(call.plan, t);
        }
    }

    // ------------------------------------------------------------------ per-method plans

    /** What to do for one annotated method, worked out once from its annotations. */
    static final class Plan {
        final String where;
        final TrackRun trackRun;
        final String runName;
        final String[] paramKeys;
        final int[] paramIndexes;
        final LogMetric metric;
        final String metricName;
        final int stepIndex;
        final LogModel model;
        final String modelName;
        volatile boolean broken;

        /** A method whose annotations could not be read: left alone. */
        Plan(String where) {
            this.where = where;
            trackRun = null;
            runName = null;
            paramKeys = new String[0];
            paramIndexes = new int[0];
            metric = null;
            metricName = null;
            stepIndex = -1;
            model = null;
            modelName = null;
            broken = true;
        }

        Plan(Method m) {
            where = m.getDeclaringClass().getName() + "." + m.getName();
            trackRun = m.getAnnotation(TrackRun.class);
            runName = trackRun == null ? null : trackRun.name().isEmpty() ? m.getName() : trackRun.name();
            List<String> keys = new ArrayList<>();
            List<Integer> indexes = new ArrayList<>();
            Parameter[] params = m.getParameters();
            for (int i = 0; i < params.length; i++) {
                LogParam lp = params[i].getAnnotation(LogParam.class);
                if (lp == null) continue;
                if (lp.value().isEmpty() && !params[i].isNamePresent()) {
                    Log.warnOnce("param-names:" + where, "@LogParam on " + where + ": parameter names are not in the "
                            + "class file, so it is logged as '" + params[i].getName() + "'; compile with "
                            + "-parameters or give the key (@LogParam(\"name\"))");
                }
                keys.add(lp.value().isEmpty() ? params[i].getName() : lp.value());
                indexes.add(i);
            }
            paramKeys = keys.toArray(new String[0]);
            paramIndexes = indexes.stream().mapToInt(Integer::intValue).toArray();
            metric = m.getAnnotation(LogMetric.class);
            metricName = metric == null ? null : metric.value().isEmpty() ? m.getName() : metric.value();
            stepIndex = metric == null || metric.step().isEmpty() ? -1 : stepParameter(m, metric.step());
            model = m.getAnnotation(LogModel.class);
            modelName = model == null ? null : model.value().isEmpty() ? "model" : model.value();
        }

        private int stepParameter(Method m, String name) {
            Parameter[] params = m.getParameters();
            for (int i = 0; i < params.length; i++) {
                Class<?> t = params[i].getType();
                boolean integral = t == int.class || t == long.class || t == short.class || t == Integer.class
                        || t == Long.class || t == Short.class;
                if (params[i].getName().equals(name) && integral) return i;
            }
            Log.warnOnce("step:" + where, "@LogMetric(step = \"" + name + "\") on " + where + ": no integer "
                    + "parameter with that name" + (params.length > 0 && !params[0].isNamePresent()
                    ? " (parameter names are not in the class file: compile with -parameters)" : "")
                    + "; calls are counted instead");
            return -1;
        }

        boolean needsExit() {
            return trackRun != null || metric != null || model != null;
        }
    }

    /** One call in progress. */
    private record Call(Plan plan, ActiveRun startedRun, long step) {
    }

    /** A {@code @LogParam} field of a class (or its superclasses). */
    private record FieldParam(String key, Field field) {
    }

    private static Plan plan(Class<?> type, String nameAndDescriptor) {
        Map<String, Plan> plans = PLANS.get(type);
        Plan p = plans.get(nameAndDescriptor);
        if (p == null) {
            try {
                p = new Plan(find(type, nameAndDescriptor));
            } catch (RuntimeException | LinkageError e) {
                p = new Plan(type.getName() + "." + nameAndDescriptor);
                Log.warnOnce("plan:" + p.where, "annotation tracking of " + p.where + " is off: " + e);
            }
            Plan raced = plans.putIfAbsent(nameAndDescriptor, p);
            if (raced != null) p = raced;
        }
        return p;
    }

    private static Method find(Class<?> type, String nameAndDescriptor) {
        for (Method m : type.getDeclaredMethods()) {
            if (nameAndDescriptor.startsWith(m.getName()) && key(m).equals(nameAndDescriptor)) return m;
        }
        throw new IllegalArgumentException("no method " + nameAndDescriptor + " in " + type.getName());
    }

    static String key(Method m) {
        return m.getName() + MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
    }

    // ------------------------------------------------------------------ enter / exit

    private static Object enter(Plan plan, Object target, Object[] args) {
        if (plan.broken) return null;
        ActiveRun started = plan.trackRun != null ? startRun(plan) : null;
        long step = -1;
        if (plan.stepIndex >= 0 && plan.stepIndex < args.length && args[plan.stepIndex] instanceof Number n) {
            step = n.longValue();
        }
        Call call = plan.needsExit() ? new Call(plan, started, step) : null;
        try {
            logParams(plan, started, target, args);
        } catch (RuntimeException e) {
            Log.warnOnce("params:" + plan.where, "could not log the @LogParam values of " + plan.where + ": " + e);
        }
        return call;
    }

    private static void exit(Call call, Object returned, Throwable thrown) {
        Plan plan = call.plan;
        try {
            if (thrown == null && plan.metric != null) logMetric(call, returned);
            if (thrown == null && plan.model != null) logModel(plan, returned);
        } finally {
            if (call.startedRun != null) call.startedRun.end(thrown == null ? RunStatus.FINISHED : RunStatus.FAILED);
        }
    }

    private static ActiveRun startRun(Plan plan) {
        try {
            RunOptions options = RunOptions.named(plan.runName).nested(Mlflow.activeRun() != null);
            String experiment = plan.trackRun.experiment();
            if (!experiment.isEmpty()) {
                String id = experimentId(experiment);
                if (id != null) options.experimentId(id);
            }
            return Mlflow.startRun(options);
        } catch (RuntimeException e) {
            Log.warnOnce("trackrun:" + plan.where + e.getMessage(), "@TrackRun " + plan.where
                    + ": could not start a run, the method runs untracked: " + e.getMessage());
            return null;
        }
    }

    /** The id of the named experiment, created when missing; null (warned) when it is deleted. */
    private static String experimentId(String name) {
        String cacheKey = Mlflow.getTrackingUri() + "\n" + name;
        String id = EXPERIMENT_IDS.get(cacheKey);
        if (id != null) return id;
        var client = Mlflow.client();
        Experiment e = client.getExperimentByName(name).orElse(null);
        if (e == null) {
            try {
                id = client.createExperiment(name);
            } catch (MlflowException ex) {
                if (!MlflowException.RESOURCE_ALREADY_EXISTS.equals(ex.errorCode())) throw ex;
                id = client.getExperimentByName(name).orElseThrow(() -> ex).experimentId();
            }
        } else if (e.lifecycleStage() == LifecycleStage.DELETED) {
            Log.warnOnce("deleted-experiment:" + name, "@TrackRun: experiment '" + name + "' is deleted; runs go to "
                    + "the active experiment instead (restore it to log there)");
            return null;
        } else {
            id = e.experimentId();
        }
        EXPERIMENT_IDS.put(cacheKey, id);
        return id;
    }

    private static void logParams(Plan plan, ActiveRun started, Object target, Object[] args) {
        FieldParam[] fields = started != null && target != null ? FIELD_PARAMS.get(target.getClass()) : new FieldParam[0];
        if (plan.paramKeys.length == 0 && fields.length == 0) return;
        Map<String, String> params = new LinkedHashMap<>();
        boolean complete = true;
        for (int i = 0; i < plan.paramKeys.length; i++) {
            int index = plan.paramIndexes[i];
            if (index < args.length) complete &= ParamFlattener.flatten(plan.paramKeys[i], args[index], params);
        }
        for (FieldParam f : fields) {
            Object value;
            try {
                value = f.field().get(target);
            } catch (IllegalAccessException e) {
                continue;
            }
            complete &= ParamFlattener.flatten(f.key(), value, params);
        }
        if (!complete) {
            Log.warnOnce("param-limit:" + plan.where, "@LogParam values of " + plan.where + " give more than "
                    + ParamFlattener.MAX_KEYS + " params each; the rest are not logged");
        }
        if (params.isEmpty()) return;
        if (started != null) started.logParams(params);
        else Mlflow.logParams(params);
    }

    private static void logMetric(Call call, Object returned) {
        Plan plan = call.plan;
        if (returned instanceof Number n) {
            ActiveRun run = runFor(call);
            if (run != null) run.logMetric(plan.metricName, n.doubleValue(), step(call, run, plan.metricName));
        } else if (returned instanceof Map<?, ?> map) {
            ActiveRun run = runFor(call);
            if (run == null) return;
            String prefix = plan.metric.value();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey();
                if (e.getValue() instanceof Number n) {
                    run.logMetric(key, n.doubleValue(), step(call, run, key));
                } else {
                    Log.warnOnce("metric-value:" + plan.where, "@LogMetric on " + plan.where + ": map value for '"
                            + key + "' is " + (e.getValue() == null ? "null" : e.getValue().getClass().getName())
                            + ", not a number; such entries are not logged");
                }
            }
        } else {
            Log.warnOnce("metric-type:" + plan.where, "@LogMetric on " + plan.where + " returned "
                    + (returned == null ? "null" : "a " + returned.getClass().getName())
                    + ", not a number or Map<String, Number>; nothing was logged");
        }
    }

    private static void logModel(Plan plan, Object returned) {
        if (returned == null) {
            Log.warnOnce("model-null:" + plan.where, "@LogModel on " + plan.where + " returned null; no model logged");
            return;
        }
        Mlflow.logModel(returned, plan.modelName);
    }

    /** The run a call's metrics go to: the one it started, else the thread's active run (started when none). */
    private static ActiveRun runFor(Call call) {
        if (call.startedRun != null) return call.startedRun;
        ActiveRun run = Mlflow.activeRun();
        if (run != null) return run;
        try {
            return Mlflow.startRun();
        } catch (RuntimeException e) {
            Log.warnOnce("autostart:" + e.getMessage(), "could not start a run to log into: " + e.getMessage());
            return null;
        }
    }

    private static long step(Call call, ActiveRun run, String key) {
        if (call.step >= 0) return call.step;
        Map<String, AtomicLong> counters;
        synchronized (STEP_COUNTERS) {
            counters = STEP_COUNTERS.computeIfAbsent(run, r -> new ConcurrentHashMap<>());
        }
        return counters.computeIfAbsent(key, k -> new AtomicLong()).getAndIncrement();
    }

    private static FieldParam[] fieldParamsOf(Class<?> type) {
        List<FieldParam> out = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                LogParam lp = f.getAnnotation(LogParam.class);
                if (lp == null || Modifier.isStatic(f.getModifiers())) continue;
                if (!f.trySetAccessible()) {
                    Log.warnOnce("field:" + c.getName() + f.getName(), "@LogParam field " + c.getName() + "."
                            + f.getName() + " cannot be read (module access); it is not logged");
                    continue;
                }
                out.add(new FieldParam(lp.value().isEmpty() ? f.getName() : lp.value(), f));
            }
        }
        return out.toArray(new FieldParam[0]);
    }

    private static Object internalError(Plan plan, Throwable t) {
        if (t instanceof VirtualMachineError) return null; // not ours to handle; the method just runs on
        if (plan != null) plan.broken = true;
        Log.warnOnce("internal:" + (plan == null ? t.getClass().getName() : plan.where), "annotation tracking"
                + (plan == null ? "" : " of " + plan.where) + " failed and is off for it from now on: " + t);
        return null;
    }
}
