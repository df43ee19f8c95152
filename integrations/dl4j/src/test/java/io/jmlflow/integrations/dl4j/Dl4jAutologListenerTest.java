package io.jmlflow.integrations.dl4j;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Dl4jAutologListenerTest {
    record Point(String key, double value, long step) {
    }

    @Test
    void recordsIterationsEpochsAndLearningRate() {
        MultiLayerNetwork net = Dl4jTestNetworks.classifier(LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX, 2);
        List<Point> points = new ArrayList<>();
        AutologListener listener = new AutologListener(net,
                new IterationMetrics(1, (k, v, step, ts) -> points.add(new Point(k, v, step))));
        net.addListeners(listener);
        DataSet data = Dl4jTestNetworks.data(40);
        net.fit(Dl4jTestNetworks.iterator(data, 10), 2);

        List<Point> loss = points.stream().filter(p -> p.key.equals("loss")).toList();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), loss.stream().map(Point::step).toList());
        assertEquals(net.score(), loss.get(7).value(), 1e-12);
        assertTrue(points.stream().filter(p -> p.key.equals("learning_rate")).allMatch(p -> p.value == 0.02));
        assertTrue(points.stream().filter(p -> p.key.equals("samples_per_second")).allMatch(p -> p.value > 0));
        assertEquals(List.of(0L, 1L), points.stream().filter(p -> p.key.equals("epoch_loss")).map(Point::step).toList());
    }

    @Test
    void ignoresOtherModelsAndNeverThrowsIntoTraining() {
        MultiLayerNetwork net = Dl4jTestNetworks.classifier(LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX, 2);
        MultiLayerNetwork other = net.clone();
        int[] calls = new int[1];
        AutologListener listener = new AutologListener(net, new IterationMetrics(1, (k, v, step, ts) -> {
            calls[0]++;
            throw new IllegalStateException("a broken store");
        }));
        other.addListeners(listener);
        other.fit(Dl4jTestNetworks.data(10));
        assertEquals(0, calls[0], "events of another model are ignored");

        net.addListeners(listener, new ScoreIterationListener(1));
        net.fit(Dl4jTestNetworks.iterator(Dl4jTestNetworks.data(40), 10), 1);
        assertEquals(1, calls[0], "the first failure silences the listener; training went on");
        assertEquals(4, net.getIterationCount());

        AutologListener.detachFrom(net);
        assertEquals(1, net.getListeners().size());
        assertTrue(net.getListeners().iterator().next() instanceof ScoreIterationListener, "the user's listener stays");
    }
}
