package io.jmlflow.integrations.smile;

import io.jmlflow.autolog.spi.HookAdvice;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

import java.util.Set;

/**
 * The Byte Buddy side of {@link SmileIntegration}, loaded at the first Smile class (never in {@code premain}).
 *
 * <p>Advised: public static {@code fit} methods of {@code smile.classification/regression/clustering/anomaly}
 * classes that return a model of those packages (not the helpers {@code ClassLabels}, {@code PlattScaling},
 * {@code IsotonicRegressionScaling}); the {@code classification}, {@code regression} and {@code stratify} methods of
 * {@code smile.validation.CrossValidation}, {@code Bootstrap} and {@code LOOCV} that take a trainer function; and the
 * static {@code classification} / {@code regression} factories of Smile 6's {@code smile.model.Model}; for
 * post-training evaluation ({@link Evaluations}): the batch {@code predict} methods of classifiers and regressors,
 * the static {@code of} methods of {@code smile.validation.metric} classes, and the constructors of
 * {@code ClassificationValidation} / {@code RegressionValidation} and their static {@code of} that trains and tests
 * (for the test data); for dataset names ({@link SmileDatasets}): the
 * methods of {@code smile.io.Read} and {@code smile.io.CSV} that read a data frame from a file.
 */
final class SmileInstrumentation {
    static final Set<String> PREFIXES = Set.of("smile.classification.", "smile.regression.", "smile.clustering.",
            "smile.anomaly.");
    static final Set<String> VALIDATIONS = Set.of("smile.validation.CrossValidation", "smile.validation.Bootstrap",
            "smile.validation.LOOCV");
    static final String MODEL_FACTORY = "smile.model.Model";
    static final Set<String> VALIDATION_RESULTS = Set.of("smile.validation.ClassificationValidation",
            "smile.validation.RegressionValidation");
    static final String METRICS = "smile.validation.metric.";
    /** Readers of data frames from files (the data frame is named after the file). */
    static final Set<String> READERS = Set.of("smile.io.Read", "smile.io.CSV");
    /** Classes in the model packages whose {@code fit} calibrates or encodes rather than trains a model. */
    private static final Set<String> HELPERS = Set.of("smile.classification.ClassLabels",
            "smile.classification.PlattScaling", "smile.classification.IsotonicRegressionScaling");

    static final ElementMatcher.Junction<MethodDescription> FIT = new PublicStatic() {
        @Override
        protected boolean test(MethodDescription m) {
            if (!m.getName().equals("fit")) return false;
            String returned = m.getReturnType().asErasure().getName();
            for (String prefix : PREFIXES) if (returned.startsWith(prefix)) return !HELPERS.contains(returned);
            return false;
        }
    };
    /** Smile 6 {@code fit(..., X.Options)}: its Options record may get a progress controller. */
    static final ElementMatcher.Junction<MethodDescription> WITH_OPTIONS = new PublicStatic() {
        @Override
        protected boolean test(MethodDescription m) {
            for (TypeDefinition p : m.getParameters().asTypeList()) {
                if (p.asErasure().getName().endsWith("$Options")) return true;
            }
            return false;
        }
    };
    static final ElementMatcher.Junction<MethodDescription> VALIDATION = new PublicStatic() {
        @Override
        protected boolean test(MethodDescription m) {
            String n = m.getName();
            if (!n.equals("classification") && !n.equals("regression") && !n.equals("stratify")) return false;
            for (TypeDefinition p : m.getParameters().asTypeList()) {
                if (p.asErasure().getName().equals("java.util.function.BiFunction")) return true;
            }
            return false;
        }
    };
    /**
     * Batch predictions of a model: {@code predict(DataFrame)}, {@code predict(T[])}, {@code predict(List)},
     * {@code predict(Dataset)} (and their posteriori overloads) returning {@code int[]} or {@code double[]}; the
     * per-row {@code predict(T)} is left alone.
     */
    static final ElementMatcher.Junction<MethodDescription> PREDICT = new ElementMatcher.Junction.AbstractBase<>() {
        @Override
        public boolean matches(MethodDescription m) {
            if (m == null || m.isStatic() || !m.isPublic() || m.isAbstract() || !m.getName().equals("predict")) {
                return false;
            }
            TypeDescription returned = m.getReturnType().asErasure();
            if (!returned.represents(int[].class) && !returned.represents(double[].class)) return false;
            int n = m.getParameters().size();
            if (n < 1 || n > 2) return false;
            TypeDescription first = m.getParameters().get(0).getType().asErasure();
            String name = first.getName();
            return first.isArray() || name.equals("smile.data.DataFrame") || name.equals("java.util.List")
                    || name.equals("smile.data.Dataset");
        }
    };
    /** Static {@code of(truth, prediction, ...)} of the metric classes. */
    static final ElementMatcher.Junction<MethodDescription> METRIC = new PublicStatic() {
        @Override
        protected boolean test(MethodDescription m) {
            if (!m.getName().equals("of") || m.getParameters().size() < 2) return false;
            TypeDescription p0 = m.getParameters().get(0).getType().asErasure();
            return p0.represents(int[].class) || p0.represents(double[].class);
        }
    };
    /**
     * The static {@code of(formula, train, test, trainer)} and {@code of(x, y, testx, testy, trainer)} of a validation
     * result class: a trainer function last, the test data third, returning one result (the {@code of(Bag[], ...)}
     * overloads return the plural {@code ClassificationValidations} of several rounds and are left alone).
     */
    static final ElementMatcher.Junction<MethodDescription> VALIDATION_OF = new PublicStatic() {
        @Override
        protected boolean test(MethodDescription m) {
            int n = m.getParameters().size();
            return m.getName().equals("of") && n >= 4
                    && m.getReturnType().asErasure().equals(m.getDeclaringType().asErasure())
                    && m.getParameters().get(n - 1).getType().asErasure().getName().equals("java.util.function.BiFunction");
        }
    };
    /** A reader's public method returning a {@code DataFrame} from a file name or path (its first parameter). */
    static final ElementMatcher.Junction<MethodDescription> READ = new ElementMatcher.Junction.AbstractBase<>() {
        @Override
        public boolean matches(MethodDescription m) {
            if (m == null || !m.isPublic() || m.isAbstract() || m.getParameters().isEmpty()) return false;
            if (!m.getReturnType().asErasure().getName().equals("smile.data.DataFrame")) return false;
            TypeDescription first = m.getParameters().get(0).getType().asErasure();
            return first.represents(String.class) || first.getName().equals("java.nio.file.Path");
        }
    };
    private static final ElementMatcher.Junction<MethodDescription> FACTORY = new PublicStatic() {
        @Override
        protected boolean test(MethodDescription m) {
            return m.getName().equals("classification") || m.getName().equals("regression");
        }
    };

    private static volatile Advice fitAdvice;
    private static volatile Advice optionsFitAdvice;
    private static volatile Advice validationAdvice;
    private static volatile Advice predictAdvice;
    private static volatile Advice metricAdvice;
    private static volatile Advice validationResultAdvice;
    private static volatile Advice validationOfAdvice;
    private static volatile Advice readAdvice;

    private SmileInstrumentation() {
    }

    static DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type) {
        String name = type.getName();
        if (VALIDATIONS.contains(name)) return advise(builder, type, VALIDATION, validationAdvice());
        if (READERS.contains(name)) {
            if (readAdvice == null) readAdvice = HookAdvice.to(ReadAdvice.class);
            return advise(builder, type, READ, readAdvice);
        }
        if (name.equals(MODEL_FACTORY)) return advise(builder, type, FACTORY, validationAdvice());
        if (VALIDATION_RESULTS.contains(name)) {
            if (validationResultAdvice == null) validationResultAdvice = HookAdvice.to(ValidationResultAdvice.class);
            if (validationOfAdvice == null) validationOfAdvice = HookAdvice.to(ValidationOfAdvice.class);
            builder = builder.visit(validationResultAdvice.on(ElementMatchers.isConstructor()));
            return advise(builder, type, VALIDATION_OF, validationOfAdvice);
        }
        if (name.startsWith(METRICS)) {
            if (metricAdvice == null) metricAdvice = HookAdvice.to(MetricAdvice.class);
            return advise(builder, type, METRIC, metricAdvice);
        }
        if (HELPERS.contains(name)) return builder;
        builder = advise(builder, type, FIT.and(ElementMatchers.not(WITH_OPTIONS)), fitAdvice());
        builder = advise(builder, type, FIT.and(WITH_OPTIONS), optionsFitAdvice());
        if (name.startsWith("smile.classification.") || name.startsWith("smile.regression.")) {
            if (predictAdvice == null) predictAdvice = HookAdvice.to(PredictAdvice.class);
            builder = advise(builder, type, PREDICT, predictAdvice);
        }
        return builder;
    }

    private static DynamicType.Builder<?> advise(DynamicType.Builder<?> builder, TypeDescription type,
                                                 ElementMatcher.Junction<MethodDescription> methods, Advice advice) {
        if (type.getDeclaredMethods().filter(methods).isEmpty()) return builder;
        return builder.visit(advice.on(methods));
    }

    private static Advice fitAdvice() {
        Advice a = fitAdvice;
        if (a == null) fitAdvice = a = HookAdvice.to(FitAdvice.class);
        return a;
    }

    private static Advice optionsFitAdvice() {
        Advice a = optionsFitAdvice;
        if (a == null) optionsFitAdvice = a = HookAdvice.to(OptionsFitAdvice.class);
        return a;
    }

    private static Advice validationAdvice() {
        Advice a = validationAdvice;
        if (a == null) validationAdvice = a = HookAdvice.to(ValidationAdvice.class);
        return a;
    }

    /** A matcher of public static methods with one more condition. */
    private abstract static class PublicStatic extends ElementMatcher.Junction.AbstractBase<MethodDescription> {
        @Override
        public final boolean matches(MethodDescription m) {
            return m != null && m.isStatic() && m.isPublic() && test(m);
        }

        protected abstract boolean test(MethodDescription m);
    }
}
