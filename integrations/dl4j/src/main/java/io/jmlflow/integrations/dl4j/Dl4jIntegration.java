package io.jmlflow.integrations.dl4j;

import io.jmlflow.autolog.spi.Integration;
import io.jmlflow.autolog.spi.Library;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;

import java.util.Set;

/**
 * DL4J autologging: advice on the public {@code fit} overloads of {@code MultiLayerNetwork} and
 * {@code ComputationGraph} and on the early-stopping trainers' {@code fit()} ({@link Dl4jInstrumentation}); see the
 * package documentation for what is logged and when runs end. DL4J is linked against directly, so it must be on the
 * application class path. No Byte Buddy or DL4J types in fields: this class is created in {@code premain}.
 */
public final class Dl4jIntegration implements Integration {
    static final String NAME = "dl4j";
    static final String MULTI_LAYER_NETWORK = "org.deeplearning4j.nn.multilayer.MultiLayerNetwork";
    static final String COMPUTATION_GRAPH = "org.deeplearning4j.nn.graph.ComputationGraph";
    /** {@code EarlyStoppingTrainer} and {@code EarlyStoppingGraphTrainer} inherit {@code fit()} from here. */
    static final String EARLY_STOPPING_TRAINER = "org.deeplearning4j.earlystopping.trainer.BaseEarlyStoppingTrainer";
    /** ND4J's evaluations whose {@code eval(labels, predictions)} and readers are followed ({@link ManualEvaluations}). */
    static final Set<String> EVALUATIONS = Set.of("org.nd4j.evaluation.BaseEvaluation",
            "org.nd4j.evaluation.classification.Evaluation", "org.nd4j.evaluation.classification.EvaluationBinary",
            "org.nd4j.evaluation.classification.ROC", "org.nd4j.evaluation.classification.ROCMultiClass",
            "org.nd4j.evaluation.classification.ROCBinary", "org.nd4j.evaluation.regression.RegressionEvaluation");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> typeNames() {
        Set<String> names = new java.util.HashSet<>(EVALUATIONS);
        names.add(MULTI_LAYER_NETWORK);
        names.add(COMPUTATION_GRAPH);
        names.add(EARLY_STOPPING_TRAINER);
        return names;
    }

    /** Tested with 1.0.0-M2.1; the 1.0.0 milestones share the API this links against. */
    @Override
    public Library library() {
        return Library.of("DL4J", "org.deeplearning4j", "deeplearning4j-nn")
                .versions("[1.0.0-M1,1.1)")
                .linkedDirectly("io.jmlflow.integrations.dl4j.Dl4jHooks", "org.deeplearning4j.", "org.nd4j.");
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader) {
        return Dl4jInstrumentation.transform(builder, type);
    }
}
