package io.jmlflow.integrations.smile.e2e.smile6;

import io.jmlflow.samples.smile6.GaussianBlobs;
import smile.classification.GradientTreeBoost;
import smile.data.formula.Formula;
import smile.util.IterativeAlgorithmController;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test program that follows training progress itself: its own controller (on its own daemon thread) must get every
 * status, untouched by autologging. Prints {@code STATUSES <count>}.
 */
public final class OwnControllerProgram {
    private OwnControllerProgram() {
    }

    public static void main(String[] args) throws Exception {
        GaussianBlobs data = GaussianBlobs.generate(300, 3, 2, 1.0, 13);
        var executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "user-progress");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger statuses = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        try (var controller = new IterativeAlgorithmController<GradientTreeBoost.TrainingStatus>(executor, 64)) {
            controller.subscribe(new Flow.Subscriber<>() {
                public void onSubscribe(Flow.Subscription s) { s.request(Long.MAX_VALUE); }
                public void onNext(GradientTreeBoost.TrainingStatus status) { statuses.incrementAndGet(); }
                public void onError(Throwable t) { done.countDown(); }
                public void onComplete() { done.countDown(); }
            });
            var options = new GradientTreeBoost.Options(10, 20, 6, 5, 0.05, 0.7, null, controller);
            GradientTreeBoost.fit(Formula.lhs("label"), data.classification(), options);
        }
        done.await(10, TimeUnit.SECONDS);
        System.out.println("STATUSES " + statuses.get());
    }
}
