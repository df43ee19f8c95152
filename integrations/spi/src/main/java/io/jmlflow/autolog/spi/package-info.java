/**
 * The integration SPI (its own module, bundled only inside the agent jar): how a library's autologging plugs into the agent.
 *
 * <p>An integration is a module {@code integrations/<lib>} bundled into {@code mlflow-agent.jar} (its Byte Buddy
 * references are relocated with the agent's) and listed in
 * {@code META-INF/services/io.jmlflow.autolog.spi.Integration}. It provides:
 * <ol>
 *   <li>{@link io.jmlflow.autolog.spi.Integration#name()}: the name in configuration, {@code autolog.<name>.enabled};</li>
 *   <li>{@link io.jmlflow.autolog.spi.Integration#typeNames()} / {@link io.jmlflow.autolog.spi.Integration#typeNamePrefixes()}:
 *       the classes it instruments. The agent compares every loaded class's name with these before anything else,
 *       so they must be exact and narrow (the library's entry points, e.g. {@code smile.classification.}), never
 *       a hierarchy question;</li>
 *   <li>{@link io.jmlflow.autolog.spi.Integration#shapeMismatch}: a "muzzle" check run once per class loader before
 *       the first transformation: are the classes and methods the advice relies on there? A mismatch switches the
 *       integration off for that class loader with one line;</li>
 *   <li>{@link io.jmlflow.autolog.spi.Integration#transform}: the Byte Buddy transformation of one matched class,
 *       usually method matchers and advice ({@code builder.visit(Advice.to(...).on(...))}).</li>
 * </ol>
 *
 * <p>Rules for the advice, which is inlined into library code: use {@code @Advice.OnMethodEnter(suppress =
 * Throwable.class)} and {@code @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)};
 * keep the advice body to one call into a helper class of the integration; never change arguments, return values
 * or exceptions; guard against nested calls with a {@link io.jmlflow.autolog.spi.CallDepth} so overloads that call
 * each other log once; open and close runs with {@code io.jmlflow.internal.autolog.AutologRun}, which applies MLflow's
 * rules (a run of its own when none is active, else the user's run unless {@code exclusive}), and read options
 * from {@code io.jmlflow.internal.autolog.AutologState}. A helper that fails should warn once
 * ({@code io.jmlflow.internal.Log.warnOnce}) and stop logging. Keep Byte Buddy types out of the
 * {@code Integration} class's fields and constructor, and create the {@code Advice} lazily: the class is
 * instantiated in {@code premain}, where Byte Buddy is not loaded yet.
 *
 * <p>The agent does not use Byte Buddy's {@code AgentBuilder}: its class file transformer generates a class at
 * start-up (about 400 ms on a busy 2-core machine) that the agent, which filters classes itself, does not need.
 * Each matched class is decorated directly ({@code ByteBuddy.decorate}) with no class format changes and a fast,
 * lazily resolving type pool, which is what a tuned {@code AgentBuilder} does for advice.
 *
 * <pre>{@code
 * public final class SmileIntegration implements Integration {
 *     public String name() { return "smile"; }
 *     public Set<String> typeNames() { return Set.of(); }
 *     public Set<String> typeNamePrefixes() { return Set.of("smile.classification.", "smile.regression."); }
 *     public String shapeMismatch(TypePool types) {
 *         return types.describe("smile.data.DataFrame").isResolved() ? null : "smile.data.DataFrame is missing";
 *     }
 *     public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader) {
 *         return builder.visit(Advice.to(FitAdvice.class).on(named("fit").and(isStatic()).and(isPublic())));
 *     }
 * }
 * }</pre>
 */
package io.jmlflow.autolog.spi;
