package io.jmlflow.integrations.tribuo;

import io.jmlflow.autolog.spi.Integration;
import io.jmlflow.autolog.spi.Library;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;

import java.util.Set;

/**
 * Tribuo autologging: every {@code train(Dataset...)} of an {@code org.tribuo.Trainer} and every
 * {@code evaluate(Model...)} of an {@code org.tribuo.evaluation.Evaluator} (see the package documentation for what
 * is logged). Classes are first picked by name (Tribuo's trainer and evaluator packages), then
 * {@link #transform} checks that the class really is a trainer or evaluator and declares such a method.
 */
public final class TribuoIntegration implements Integration {
    static final String NAME = "tribuo";
    /** The types Tribuo's trainers and evaluators live in or under; user trainers outside org.tribuo are not matched. */
    private static final Set<String> PREFIXES = Set.of(
            "org.tribuo.classification.", "org.tribuo.regression.", "org.tribuo.clustering.",
            "org.tribuo.anomaly.", "org.tribuo.multilabel.", "org.tribuo.common.", "org.tribuo.ensemble.",
            "org.tribuo.hash.", "org.tribuo.interop.", "org.tribuo.evaluation.");
    private static final Set<String> NAMES = Set.of(
            "org.tribuo.Trainer", "org.tribuo.SparseTrainer", "org.tribuo.transform.TransformTrainer");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> typeNames() {
        return NAMES;
    }

    @Override
    public Set<String> typeNamePrefixes() {
        return PREFIXES;
    }

    /**
     * Tested with 4.3.2. The code linked against Tribuo (package {@code linked}) is loaded next to each copy of Tribuo
     * ({@link LinkedClassLoader}); classification and regression are optional modules it checks for at run time.
     */
    @Override
    public Library library() {
        return Library.of("Tribuo", "org.tribuo", "tribuo-core")
                .versions("[4.0,5.0)")
                .linkedInIsolatedLoader("io.jmlflow.integrations.tribuo.linked.TribuoAutologger",
                        "org.tribuo.", "com.oracle.labs.mlrg.olcut.")
                .optional("org.tribuo.classification.", "org.tribuo.regression.", "org.tribuo.common.xgboost.");
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader) {
        return TribuoInstrumentation.transform(builder, type);
    }
}
