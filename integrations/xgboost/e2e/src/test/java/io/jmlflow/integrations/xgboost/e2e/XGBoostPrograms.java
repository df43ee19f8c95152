package io.jmlflow.integrations.xgboost.e2e;

import io.jmlflow.samples.xgboost.CreditData;
import io.jmlflow.samples.xgboost.CreditDefault;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.IEvaluation;
import ml.dmlc.xgboost4j.java.IObjective;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain XGBoost4J trainings (no MLflow code) for {@link XGBoostAutologTest}, one per mode: {@code custom} (a
 * custom objective and a custom evaluation, the 6-argument {@code train}), {@code multiclass} (three classes,
 * {@code multi:softprob}, data without feature names). Each prints {@code RESULT <rounds>}.
 */
public final class XGBoostPrograms {
    static final int CUSTOM_ROUNDS = 8;
    static final int MULTICLASS_ROUNDS = 6;

    private XGBoostPrograms() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("tribuo")) {
            tribuo();
            return;
        }
        Booster booster = switch (args[0]) {
            case "custom" -> custom();
            case "multiclass" -> multiclass();
            case "evaluated" -> evaluated();
            default -> throw new IllegalArgumentException(args[0]);
        };
        System.out.println("RESULT " + booster.getNumBoostedRound());
    }

    /** Trained on 300 rows, then evaluated by the program on 200 held-out rows with the booster's own evalSet. */
    static Booster evaluated() throws XGBoostError {
        DMatrix train = CreditData.generate(300, 1L);
        Booster booster = XGBoost.train(train, CreditDefault.params(), 5, Map.of("train", train), null, null);
        DMatrix holdout = CreditData.generate(200, 3L);
        System.out.println("EVALUATION " + booster.evalSet(new DMatrix[] {holdout}, new String[] {"holdout"}, 0).trim());
        holdout.dispose(); // the program frees it at once: autologging must have read what it needs
        return booster;
    }

    static Booster custom() throws XGBoostError {
        DMatrix train = CreditData.generate(400, 1L);
        DMatrix validation = CreditData.generate(100, 2L);
        Map<String, Object> params = CreditDefault.params();
        params.remove("objective");
        params.remove("eval_metric");
        Map<String, DMatrix> watches = new LinkedHashMap<>();
        watches.put("train", train);
        watches.put("validation", validation);
        return XGBoost.train(train, params, CUSTOM_ROUNDS, watches, new LogisticLoss(), new ErrorRate());
    }

    static Booster multiclass() throws XGBoostError {
        int rows = 300, features = 4;
        java.util.Random random = new java.util.Random(3);
        float[] data = new float[rows * features];
        float[] labels = new float[rows];
        for (int i = 0; i < rows; i++) {
            int label = i % 3;
            labels[i] = label;
            for (int f = 0; f < features; f++) data[i * features + f] = (float) (label * (f + 1) + random.nextGaussian());
        }
        DMatrix train = new DMatrix(data, rows, features, Float.NaN);
        train.setLabel(labels);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("objective", "multi:softprob");
        params.put("num_class", 3);
        params.put("max_depth", 3);
        params.put("nthread", 1);
        params.put("seed", 1);
        params.put("verbose_eval", 0);
        return XGBoost.train(train, params, MULTICLASS_ROUNDS, Map.of("train", train), null, null);
    }

    /** Tribuo's XGBoost trainer on the loan applications, features named as the sample's. */
    static void tribuo() {
        org.tribuo.classification.LabelFactory factory = new org.tribuo.classification.LabelFactory();
        org.tribuo.MutableDataset<org.tribuo.classification.Label> data = new org.tribuo.MutableDataset<>(
                new org.tribuo.provenance.SimpleDataSourceProvenance("credit", factory), factory);
        int rows = 300, n = CreditData.FEATURES.length;
        float[] labels = new float[rows];
        float[] features = CreditData.features(rows, 1L, labels);
        for (int i = 0; i < rows; i++) {
            double[] values = new double[n];
            for (int f = 0; f < n; f++) values[f] = features[i * n + f];
            data.add(new org.tribuo.impl.ArrayExample<>(new org.tribuo.classification.Label(labels[i] > 0 ? "default" : "paid"),
                    CreditData.FEATURES, values));
        }
        org.tribuo.Model<org.tribuo.classification.Label> model =
                new org.tribuo.classification.xgboost.XGBoostClassificationTrainer(10).train(data);
        System.out.println("RESULT " + model.getClass().getSimpleName());
    }

    /** Binary logistic loss on raw margins, as XGBoost's own {@code binary:logistic}. */
    static final class LogisticLoss implements IObjective {
        @Override
        public List<float[]> getGradient(float[][] predicts, DMatrix data) {
            try {
                float[] labels = data.getLabel();
                float[] grad = new float[predicts.length];
                float[] hess = new float[predicts.length];
                for (int i = 0; i < predicts.length; i++) {
                    float p = (float) (1 / (1 + Math.exp(-predicts[i][0])));
                    grad[i] = p - labels[i];
                    hess[i] = Math.max(p * (1 - p), 1e-6f);
                }
                List<float[]> out = new ArrayList<>();
                out.add(grad);
                out.add(hess);
                return out;
            } catch (XGBoostError e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The error rate of raw margins (positive = class 1), named {@code error-rate}. */
    static final class ErrorRate implements IEvaluation {
        @Override
        public String getMetric() {
            return "error-rate";
        }

        @Override
        public float eval(float[][] predicts, DMatrix data) {
            try {
                float[] labels = data.getLabel();
                int wrong = 0;
                for (int i = 0; i < predicts.length; i++) if ((predicts[i][0] > 0 ? 1 : 0) != (int) labels[i]) wrong++;
                return wrong / (float) predicts.length;
            } catch (XGBoostError e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
