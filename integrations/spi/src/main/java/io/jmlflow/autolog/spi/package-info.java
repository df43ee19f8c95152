/**
 * The integration SPI (its own module, bundled only inside the agent jar): the one contract every library's
 * autologging follows. {@code integrations/README.md} is the checklist for adding a library.
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
 *   <li>{@link io.jmlflow.autolog.spi.Integration#library()}: the {@link io.jmlflow.autolog.spi.Library} it
 *       instruments, which the agent checks once per class loader before the first transformation: the library's
 *       version against the supported ranges ({@link io.jmlflow.autolog.spi.LibraryVersion}; outside them the
 *       integration is off unless {@code autolog.<name>.unsupported.versions=true}) and its shape against the
 *       references of the integration's own linked code ({@link io.jmlflow.autolog.spi.LinkedReferences}). A
 *       failed check switches the integration off for that class loader with one line;</li>
 *   <li>{@link io.jmlflow.autolog.spi.Integration#transform}: the Byte Buddy transformation of one matched class,
 *       usually method matchers and advice ({@code builder.visit(HookAdvice.to(FitAdvice.class).on(...))}).</li>
 * </ol>
 *
 * <p>Rules for the advice, which is inlined into library code: create it with
 * {@link io.jmlflow.autolog.spi.HookAdvice#to}; use {@code @Advice.OnMethodEnter(suppress = Throwable.class)} and
 * {@code @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)}; keep the advice body to
 * one call into the integration's hooks class, whose every hook goes through the integration's
 * {@link io.jmlflow.autolog.spi.AutologGuard} (depth, on/off, failures); never change arguments, return values or
 * exceptions. Open and close runs with {@code io.jmlflow.internal.autolog.AutologRun}, which applies MLflow's rules
 * (a run of its own when none is active, else the user's run unless {@code exclusive}), and read options from
 * {@code io.jmlflow.internal.autolog.AutologState}. Keep Byte Buddy types out of the {@code Integration} class's
 * fields and constructor, and create the advice lazily: the class is instantiated in {@code premain}, where Byte
 * Buddy is not loaded yet.
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
 *     public Library library() {
 *         return Library.of("Smile", "com.github.haifengl", "smile-core").versions("[3.0,4.0)", "[6.0,7.0)")
 *                 .reachedByReflection();
 *     }
 *     public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader) {
 *         return SmileInstrumentation.transform(builder, type); // HookAdvice.to(FitAdvice.class).on(...)
 *     }
 * }
 * }</pre>
 */
package io.jmlflow.autolog.spi;
