package io.jmlflow.integrations.tribuo.e2e;

import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import io.jmlflow.samples.tribuo.TribuoSample;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.clustering.ClusterID;
import org.tribuo.clustering.evaluation.ClusteringEvaluator;

/**
 * Plain Tribuo trainings, no MLflow code: a CART tree evaluated on other checkerboard data, a k-means evaluated on
 * other clusters from the same generator, and a 10-round XGBoost classifier. Prints {@code <what>=<run id>} and the
 * accuracies.
 */
public final class ModelPageApp {
    private ModelPageApp() {
    }

    public static void main(String[] args) {
        Model<Label> cart = TribuoSample.cartTrainer().train(TribuoSample.checkerboard(400, 1L));
        print("cart", cart);
        System.out.println("cart-eval-accuracy=" + new LabelEvaluator().evaluate(cart, TribuoSample.checkerboard(200, 2L))
                .accuracy());

        Model<ClusterID> kmeans = TribuoSample.kmeansTrainer().train(TribuoSample.clusters(300, 1L));
        print("kmeans", kmeans);
        new ClusteringEvaluator().evaluate(kmeans, TribuoSample.clusters(200, 2L));

        Model<Label> xgb = new XGBoostClassificationTrainer(10).train(TribuoSample.crescents(400, 3L));
        print("xgboost", xgb);
    }

    private static void print(String what, Model<?> model) {
        Object runId = model.getProvenance().getInstanceProvenance().getMap().get("mlflow-run-id");
        System.out.println(what + "=" + (runId == null ? "none" : ((PrimitiveProvenance<?>) runId).getValue()));
    }
}
