package io.jmlflow.samples.dl4j;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.termination.ScoreImprovementEpochTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.SplitTestAndTrain;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Early stopping with DL4J's {@link EarlyStoppingTrainer}: train on 120 flowers, score on the other 30 after each
 * epoch, stop after {@code maxEpochs} or when the held-out loss stops improving. Under the agent the run records
 * the best epoch, why training stopped, and the best model.
 *
 * <pre>
 * java -javaagent:mlflow-agent.jar -cp ... io.jmlflow.samples.dl4j.IrisEarlyStopping [maxEpochs] [patience]
 * </pre>
 */
public final class IrisEarlyStopping {
    private IrisEarlyStopping() {
    }

    public static void main(String[] args) {
        int maxEpochs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int patience = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        SplitTestAndTrain split = IrisData.load(11).splitTestAndTrain(120);
        DataSetIterator train = new ListDataSetIterator<>(split.getTrain().asList(), 16);
        DataSetIterator heldOut = new ListDataSetIterator<>(split.getTest().asList(), 30);

        EarlyStoppingConfiguration<MultiLayerNetwork> config = new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
                .epochTerminationConditions(new MaxEpochsTerminationCondition(maxEpochs),
                        new ScoreImprovementEpochTerminationCondition(patience, 1e-3))
                .scoreCalculator(new DataSetLossCalculator(heldOut, true))
                .modelSaver(new InMemoryModelSaver<>())
                .build();
        EarlyStoppingTrainer trainer = new EarlyStoppingTrainer(config, IrisClassifier.configuration(11, 0.05), train);
        EarlyStoppingResult<MultiLayerNetwork> result = trainer.fit();

        System.out.println("stopped: " + result.getTerminationReason() + " (" + result.getTerminationDetails() + ")");
        System.out.printf("best epoch %d of %d, held-out loss %.4f%n", result.getBestModelEpoch(), result.getTotalEpochs(),
                result.getScoreVsEpoch().get(result.getBestModelEpoch()));
    }
}
