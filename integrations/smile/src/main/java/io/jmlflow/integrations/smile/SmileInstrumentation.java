package io.jmlflow.integrations.smile;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

import java.util.Set;

/**
 * The Byte Buddy side of {@link SmileIntegration}, loaded at the first Smile class (never in {@code premain}).
 *
 * <p>Advised: public static {@code fit} methods of {@code smile.classification/regression/clustering/anomaly}
 * classes that return a model of those packages (not the helpers {@code ClassLabels}, {@code PlattScaling},
 * {@code IsotonicRegressionScaling}); the {@code classification}, {@code regression} and {@code stratify} methods of
 * {@code smile.validation.CrossValidation}, {@code Bootstrap} and {@code LOOCV} that take a trainer function; and the
 * static {@code classification} / {@code regression} factories of Smile 6's {@code smile.model.Model}.
 */
final class SmileInstrumentation {
    static final Set<String> PREFIXES = Set.of("smile.classification.", "smile.regression.", "smile.clustering.",
            "smile.anomaly.");
    static final Set<String> VALIDATIONS = Set.of("smile.validation.CrossValidation", "smile.validation.Bootstrap",
            "smile.validation.LOOCV");
    static final String MODEL_FACTORY = "smile.model.Model";
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
    private static final ElementMatcher.Junction<MethodDescription> FACTORY = new PublicStatic() {
        @Override
        protected boolean test(MethodDescription m) {
            return m.getName().equals("classification") || m.getName().equals("regression");
        }
    };

    private static volatile Advice fitAdvice;
    private static volatile Advice optionsFitAdvice;
    private static volatile Advice validationAdvice;

    private SmileInstrumentation() {
    }

    /** The "muzzle" check: the data and validation types the advice reads, and a Smile line this supports. */
    static String shapeMismatch(TypePool types) {
        for (String required : new String[] {"smile.data.DataFrame", "smile.data.formula.Formula",
                "smile.validation.ClassificationMetrics", "smile.validation.RegressionMetrics"}) {
            if (!types.describe(required).isResolved()) return required + " is missing";
        }
        if (!types.describe("smile.base.cart.SplitRule").isResolved()
                && !types.describe("smile.model.cart.SplitRule").isResolved()) {
            return "neither smile.base.cart.SplitRule (Smile 3.x) nor smile.model.cart.SplitRule (Smile 6.x) is there:"
                    + " an unsupported Smile version";
        }
        return null;
    }

    static DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type) {
        String name = type.getName();
        if (VALIDATIONS.contains(name)) return advise(builder, type, VALIDATION, validationAdvice());
        if (name.equals(MODEL_FACTORY)) return advise(builder, type, FACTORY, validationAdvice());
        if (HELPERS.contains(name)) return builder;
        builder = advise(builder, type, FIT.and(ElementMatchers.not(WITH_OPTIONS)), fitAdvice());
        return advise(builder, type, FIT.and(WITH_OPTIONS), optionsFitAdvice());
    }

    private static DynamicType.Builder<?> advise(DynamicType.Builder<?> builder, TypeDescription type,
                                                 ElementMatcher.Junction<MethodDescription> methods, Advice advice) {
        if (type.getDeclaredMethods().filter(methods).isEmpty()) return builder;
        return builder.visit(advice.on(methods));
    }

    private static Advice fitAdvice() {
        Advice a = fitAdvice;
        if (a == null) fitAdvice = a = Advice.to(FitAdvice.class);
        return a;
    }

    private static Advice optionsFitAdvice() {
        Advice a = optionsFitAdvice;
        if (a == null) optionsFitAdvice = a = Advice.to(OptionsFitAdvice.class);
        return a;
    }

    private static Advice validationAdvice() {
        Advice a = validationAdvice;
        if (a == null) validationAdvice = a = Advice.to(ValidationAdvice.class);
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
