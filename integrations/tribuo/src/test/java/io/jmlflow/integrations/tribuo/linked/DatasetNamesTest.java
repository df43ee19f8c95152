package io.jmlflow.integrations.tribuo.linked;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.DataSource;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.example.CheckerboardDataSource;
import org.tribuo.classification.example.NoisyInterlockingCrescentsDataSource;
import org.tribuo.clustering.example.GaussianClusterDataSource;
import org.tribuo.data.csv.CSVLoader;
import org.tribuo.evaluation.TrainTestSplitter;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.example.NonlinearGaussianDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DatasetNamesTest {

    @Test
    void generatedSourcesAreNamedAfterTheirClass() {
        assertEquals("checkerboard", DatasetNames.of(new MutableDataset<>(new CheckerboardDataSource(10, 1L, 2, -1, 1)).getProvenance()));
        assertEquals("noisy_interlocking_crescents", DatasetNames.of(new NoisyInterlockingCrescentsDataSource(10, 1L, 0.1).getProvenance()));
        assertEquals("nonlinear_gaussian", DatasetNames.of(new NonlinearGaussianDataSource(10, 1L).getProvenance()));
        assertEquals("gaussian_cluster", DatasetNames.of(new GaussianClusterDataSource(10, 1L).getProvenance()));
        assertEquals("csv_loader", DatasetNames.fromClassName("org.tribuo.data.csv.CSVLoader"));
    }

    @Test
    void splitsDescriptionsAndFilesNameTheirData() throws Exception {
        TrainTestSplitter<Label> split = new TrainTestSplitter<>(new CheckerboardDataSource(20, 1L, 2, -1, 1), 0.7, 1L);
        assertEquals("checkerboard_train", DatasetNames.of(new MutableDataset<>(split.getTrain()).getProvenance()));
        assertEquals("checkerboard_test", DatasetNames.of(new MutableDataset<>(split.getTest()).getProvenance()));

        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> described = new MutableDataset<>(new SimpleDataSourceProvenance("Held-out: week 12/2024", labels), labels);
        assertEquals("Held-out_week_12_2024", DatasetNames.of(described.getProvenance()));
    }

    @Test
    void fileSourcesAreNamedAfterTheFile(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("iris-test.csv");
        Files.write(csv, List.of("a,b,label", "1.0,2.0,x", "2.0,1.0,y"));
        DataSource<Label> source = new CSVLoader<>(new LabelFactory()).loadDataSource(csv, "label");
        assertEquals("iris-test", DatasetNames.of(source.getProvenance()));
        assertEquals("iris-test", DatasetNames.of(new MutableDataset<>(source).getProvenance()));
    }

    @Test
    void namesAreCleanedAndBounded() {
        assertEquals("a_b.c", DatasetNames.clean("  a  b.c__ "));
        assertEquals(DatasetNames.MAX_LENGTH, DatasetNames.clean("x".repeat(100)).length());
    }
}
