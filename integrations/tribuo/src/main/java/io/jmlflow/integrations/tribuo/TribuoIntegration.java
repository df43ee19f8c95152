package io.jmlflow.integrations.tribuo;

import io.jmlflow.autolog.spi.Integration;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.pool.TypePool;

import java.util.Set;

/**
 * Tribuo autologging: every {@code train(Dataset...)} of an {@code org.tribuo.Trainer} and every
 * {@code evaluate(Model...)} of an {@code org.tribuo.evaluation.Evaluator} (see the package documentation for what
 * is logged). Classes are first picked by name (Tribuo's trainer and evaluator packages), then
 * {@link #transform} checks that the class really is a trainer or evaluator and declares such a method.
 */
public final class TribuoIntegration implements Integration {
    /** The types Tribuo's trainers and evaluators live in or under; user trainers outside org.tribuo are not matched. */
    private static final Set<String> PREFIXES = Set.of(
            "org.tribuo.classification.", "org.tribuo.regression.", "org.tribuo.clustering.",
            "org.tribuo.anomaly.", "org.tribuo.multilabel.", "org.tribuo.common.", "org.tribuo.ensemble.",
            "org.tribuo.hash.", "org.tribuo.interop.", "org.tribuo.evaluation.");
    private static final Set<String> NAMES = Set.of(
            "org.tribuo.Trainer", "org.tribuo.SparseTrainer", "org.tribuo.transform.TransformTrainer");

    @Override
    public String name() {
        return "tribuo";
    }

    @Override
    public Set<String> typeNames() {
        return NAMES;
    }

    @Override
    public Set<String> typeNamePrefixes() {
        return PREFIXES;
    }

    @Override
    public String shapeMismatch(TypePool types) {
        return TribuoInstrumentation.shapeMismatch(types);
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader) {
        return TribuoInstrumentation.transform(builder, type);
    }
}
