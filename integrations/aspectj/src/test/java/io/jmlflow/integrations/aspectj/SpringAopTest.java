package io.jmlflow.integrations.aspectj;

import io.jmlflow.Mlflow;
import io.jmlflow.MlflowClient;
import io.jmlflow.annotations.LogMetric;
import io.jmlflow.annotations.LogParam;
import io.jmlflow.annotations.TrackRun;
import io.jmlflow.internal.annotations.TrackedCalls;
import io.jmlflow.entities.Metric;
import io.jmlflow.entities.Run;
import io.jmlflow.entities.RunStatus;
import io.jmlflow.internal.SystemTags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.EnableAspectJAutoProxy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spring AOP with {@link MlflowAnnotationsAspect} registered as a bean: calls through a bean are tracked, with the
 * agent's semantics; calls a bean makes on itself ({@code this.method()}) bypass the proxy and are not.
 */
class SpringAopTest {
    public record Config(double lr, int epochs) {
    }

    /** A bean without interfaces: Spring proxies it with a generated subclass. */
    public static class TrainingService {
        @LogParam("team")
        private final String team = "ranking";
        private final Metrics metrics;
        private final Evaluator evaluator;

        public TrainingService(Metrics metrics, Evaluator evaluator) {
            this.metrics = metrics;
            this.evaluator = evaluator;
        }

        @TrackRun(name = "spring-training", experiment = "spring")
        public double train(@LogParam Config config) {
            double loss = 0;
            metrics.describe("adam");
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                loss = metrics.loss(epoch); // through the Metrics proxy: logged
                selfLoss(epoch);            // on this object, not through a proxy: not logged
            }
            evaluator.evaluate("holdout");
            selfTracked();                  // also a self-invocation: no run of its own
            return loss;
        }

        @LogMetric("self_loss")
        public double selfLoss(int epoch) {
            return 10.0 + epoch;
        }

        @TrackRun(name = "self-tracked")
        public void selfTracked() {
        }

        @TrackRun(name = "spring-failing", experiment = "spring")
        public void failing(RuntimeException toThrow) {
            throw toThrow;
        }
    }

    public static class Metrics {
        public void describe(@LogParam("optimizer") String name) {
        }

        @LogMetric(value = "loss", step = "epoch")
        public double loss(int epoch) {
            return 1.0 / (epoch + 1);
        }
    }

    /** An interface bean: Spring proxies it with a JDK proxy, which reports the interface's method. */
    public interface Evaluator {
        double evaluate(String split);
    }

    public static class HoldoutEvaluator implements Evaluator {
        @Override
        @TrackRun(name = "spring-evaluation")
        public double evaluate(@LogParam("split") String split) {
            return 0.9;
        }
    }

    @Configuration
    @EnableAspectJAutoProxy
    static class TrainingConfiguration {
        @Bean
        MlflowAnnotationsAspect mlflowAnnotationsAspect() {
            return new MlflowAnnotationsAspect();
        }

        @Bean
        Metrics metrics() {
            return new Metrics();
        }

        @Bean
        Evaluator evaluator() {
            return new HoldoutEvaluator();
        }

        @Bean
        TrainingService trainingService(Metrics metrics, Evaluator evaluator) {
            return new TrainingService(metrics, evaluator);
        }
    }

    @TempDir
    Path dir;
    private AnnotationConfigApplicationContext context;
    private MlflowClient client;

    @BeforeEach
    void start() {
        Mlflow.setTrackingUri("file:" + dir.resolve("mlruns"));
        client = new MlflowClient("file:" + dir.resolve("mlruns"));
        context = new AnnotationConfigApplicationContext(TrainingConfiguration.class);
    }

    @AfterEach
    void stop() {
        context.close();
        while (Mlflow.activeRun() != null) Mlflow.endRun();
        TrackedCalls.setEnabled(true);
        client.close();
    }

    private Run run(String experiment, String name) {
        String id = client.getExperimentByName(experiment).orElseThrow().experimentId();
        List<Run> runs = client.searchRuns(List.of(id), "attributes.run_name = '" + name + "'");
        assertEquals(1, runs.size(), runs.toString());
        return runs.get(0);
    }

    @Test
    void aTrackRunBeanMethodIsLoggedAndSelfInvocationsAreNot() {
        TrainingService service = context.getBean(TrainingService.class);
        assertTrue(AopUtils.isCglibProxy(service));
        assertTrue(AopUtils.isJdkDynamicProxy(context.getBean(Evaluator.class)));

        assertEquals(1.0 / 3, service.train(new Config(0.01, 3)));
        assertNull(Mlflow.activeRun(), "the run ended with the method");

        Run training = run("spring", "spring-training");
        assertEquals(RunStatus.FINISHED, training.info().status());
        assertEquals(Map.of("config.lr", "0.01", "config.epochs", "3", "team", "ranking", "optimizer", "adam"),
                training.data().params());
        assertEquals(List.of(0L, 1L, 2L), client.getMetricHistory(training.runId(), "loss").stream()
                .map(Metric::step).sorted().toList());
        assertEquals(1.0 / 3, training.data().metric("loss"));

        Run evaluation = run("spring", "spring-evaluation");
        assertEquals(training.runId(), evaluation.data().tags().get(SystemTags.PARENT_RUN_ID));
        assertEquals(Map.of("split", "holdout"), evaluation.data().params(),
                "annotations found on the implementation behind the JDK proxy");

        // The proxy caveat: this.selfLoss() and this.selfTracked() never reached the aspect.
        assertNull(training.data().metric("self_loss"));
        String experimentId = client.getExperimentByName("spring").orElseThrow().experimentId();
        assertEquals(2, client.searchRuns(List.of(experimentId), "").size(), "no run for self-tracked");
    }

    @Test
    void aThrowingBeanMethodEndsItsRunFailedAndTheExceptionIsTheSameObject() {
        TrainingService service = context.getBean(TrainingService.class);
        IllegalStateException thrown = new IllegalStateException("diverged");
        IllegalStateException caught = assertThrows(IllegalStateException.class, () -> service.failing(thrown));
        assertSame(thrown, caught);
        assertNull(caught.getCause());
        assertEquals(0, caught.getSuppressed().length);
        assertEquals(RunStatus.FAILED, run("spring", "spring-failing").info().status());
    }

    @Test
    void switchedOffTheBeanMethodsJustRun() {
        TrackedCalls.setEnabled(false);
        assertEquals(0.5, context.getBean(TrainingService.class).train(new Config(0.01, 2)));
        assertFalse(Files.exists(dir.resolve("mlruns")), "nothing was written");
    }
}
