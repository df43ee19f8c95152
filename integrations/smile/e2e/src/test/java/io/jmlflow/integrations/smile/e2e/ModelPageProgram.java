package io.jmlflow.integrations.smile.e2e;

import io.jmlflow.samples.smile.GaussianBlobs;
import org.apache.commons.csv.CSVFormat;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.io.CSV;
import smile.validation.metric.Accuracy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * What a user does with no MLflow code: writes a data set to {@code blobs_train.csv} and {@code blobs_test.csv} in
 * the folder {@code args[0]}, reads them back with Smile's CSV reader, trains a 100-tree random forest (default
 * {@code mtry}) on the 1,500 training rows and scores it on the test file with {@code Accuracy.of}. Prints
 * {@code RESULT train_accuracy} (the forest on all of its training rows, counted here) and {@code RESULT
 * test_accuracy}.
 */
public final class ModelPageProgram {
    private ModelPageProgram() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Paths.get(args[0]);
        GaussianBlobs all = GaussianBlobs.generate(1700, 4, 3, 2.5, 7);
        Path trainFile = write(dir.resolve("blobs_train.csv"), all.rows(0, 1500));
        Path testFile = write(dir.resolve("blobs_test.csv"), all.rows(1500, 1700));
        CSV csv = new CSV(CSVFormat.DEFAULT.withFirstRecordAsHeader());
        DataFrame train = csv.read(trainFile);
        DataFrame test = csv.read(testFile);

        RandomForest rf = RandomForest.fit(Formula.lhs("label"), train, ModelsProgram.props("smile.random_forest.trees",
                "100"));
        int[] fitted = rf.predict(train);
        int right = 0;
        for (int i = 0; i < fitted.length; i++) if (fitted[i] == all.y[i]) right++;
        System.out.println("RESULT train_accuracy " + (double) right / fitted.length);
        System.out.println("RESULT test_accuracy " + Accuracy.of(test.column("label").toIntArray(), rf.predict(test)));
    }

    private static Path write(Path file, GaussianBlobs rows) throws IOException {
        StringBuilder b = new StringBuilder();
        int width = rows.x[0].length;
        for (int j = 0; j < width; j++) b.append('x').append(j).append(',');
        b.append("label\n");
        for (int i = 0; i < rows.x.length; i++) {
            for (int j = 0; j < width; j++) b.append(rows.x[i][j]).append(',');
            b.append(rows.y[i]).append('\n');
        }
        Files.writeString(file, b.toString());
        return file;
    }
}
