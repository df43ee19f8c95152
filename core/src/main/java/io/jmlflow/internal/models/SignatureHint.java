package io.jmlflow.internal.models;

import io.jmlflow.models.ModelSignature;

import java.util.function.Supplier;

/**
 * A signature autologging worked out from the training data (the columns of the train dataset input, so that the
 * two agree), for the model being logged on this thread: {@link ModelLogging} writes it instead of asking the
 * model's flavor. A hint of null logs the model without a signature.
 *
 * <pre>{@code
 * SignatureHint.with(model, signature, () -> run.logModel(model, "model", params));
 * }</pre>
 */
public final class SignatureHint {
    private static final ThreadLocal<SignatureHint> HINT = new ThreadLocal<>();

    private final Object model;
    private final ModelSignature signature;

    private SignatureHint(Object model, ModelSignature signature) {
        this.model = model;
        this.signature = signature;
    }

    /** Runs {@code body} (which logs {@code model}) with {@code signature} as the model's signature. */
    public static <T> T with(Object model, ModelSignature signature, Supplier<T> body) {
        SignatureHint previous = HINT.get();
        HINT.set(new SignatureHint(model, signature));
        try {
            return body.get();
        } finally {
            if (previous == null) HINT.remove();
            else HINT.set(previous);
        }
    }

    /** True when a hint is set for {@code model} on this thread (then {@link #of} is its signature). */
    static boolean isSet(Object model) {
        SignatureHint h = HINT.get();
        return h != null && h.model == model;
    }

    /** The hinted signature of {@code model} (may be null), or null when none is set. */
    static ModelSignature of(Object model) {
        SignatureHint h = HINT.get();
        return h != null && h.model == model ? h.signature : null;
    }
}
