package io.jmlflow.integrations.dl4j;

import io.jmlflow.autolog.spi.Integration;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

import java.util.Set;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * DL4J autologging: advice on the public {@code fit} overloads of {@code MultiLayerNetwork} and
 * {@code ComputationGraph} and on the early-stopping trainers' {@code fit()}; see the package documentation for what
 * is logged and when runs end. No Byte Buddy or DL4J types in fields: this class is created in {@code premain}.
 */
public final class Dl4jIntegration implements Integration {
    static final String NAME = "dl4j";
    static final String MULTI_LAYER_NETWORK = "org.deeplearning4j.nn.multilayer.MultiLayerNetwork";
    static final String COMPUTATION_GRAPH = "org.deeplearning4j.nn.graph.ComputationGraph";
    /** {@code EarlyStoppingTrainer} and {@code EarlyStoppingGraphTrainer} inherit {@code fit()} from here. */
    static final String EARLY_STOPPING_TRAINER = "org.deeplearning4j.earlystopping.trainer.BaseEarlyStoppingTrainer";
    private static final String WORKSPACE_MANAGER = "org.deeplearning4j.nn.workspace.LayerWorkspaceMgr";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> typeNames() {
        return Set.of(MULTI_LAYER_NETWORK, COMPUTATION_GRAPH, EARLY_STOPPING_TRAINER);
    }

    @Override
    public String shapeMismatch(TypePool types) {
        for (String name : new String[] {MULTI_LAYER_NETWORK, COMPUTATION_GRAPH}) {
            TypePool.Resolution r = types.describe(name);
            if (!r.isResolved()) return name + " is missing";
            for (String method : new String[] {"fit", "addListeners", "getListeners", "setListeners", "numParams", "summary"}) {
                if (r.resolve().getDeclaredMethods().filter(named(method)).isEmpty()) {
                    return name + "." + method + " is missing";
                }
            }
        }
        for (String name : new String[] {"org.deeplearning4j.optimize.api.BaseTrainingListener",
                "org.deeplearning4j.util.ModelSerializer", "org.nd4j.evaluation.classification.Evaluation"}) {
            if (!types.describe(name).isResolved()) return name + " is missing";
        }
        return null;
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader) {
        String name = type.getName();
        if (name.equals(EARLY_STOPPING_TRAINER)) {
            return builder.visit(Advice.to(EarlyStoppingFitAdvice.class)
                    .on(named("fit").and(takesArguments(0)).and(isPublic()).and(not(isAbstract()))));
        }
        if (name.equals(MULTI_LAYER_NETWORK) || name.equals(COMPUTATION_GRAPH)) {
            return builder.visit(Advice.to(ModelFitAdvice.class).on(trainingFit()))
                    .visit(Advice.to(EvaluationAdvice.class).on(evaluation()));
        }
        return builder;
    }

    /** {@code doEvaluation(iterator, evaluations...)}, which every {@code evaluate*} method calls. */
    static ElementMatcher.Junction<MethodDescription> evaluation() {
        return named("doEvaluation").and(isPublic()).and(not(isAbstract())).and(takesArguments(2));
    }

    /** Every public {@code fit} with arguments except the layer-wise {@code fit(INDArray, LayerWorkspaceMgr)}. */
    static ElementMatcher.Junction<MethodDescription> trainingFit() {
        return named("fit").and(isPublic()).and(not(isAbstract())).and(not(takesArguments(0)))
                .and(not(takesArgument(1, named(WORKSPACE_MANAGER))));
    }
}
