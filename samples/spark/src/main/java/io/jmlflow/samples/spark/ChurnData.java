package io.jmlflow.samples.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic customer data, the same for the same seed: four numeric features ({@code tenure}, {@code monthly},
 * {@code support_calls}, {@code usage}) and a 0/1 {@code churned} label that depends on them with some noise.
 */
public final class ChurnData {
    public static final String[] FEATURES = {"tenure", "monthly", "support_calls", "usage"};
    public static final String LABEL = "churned";

    private ChurnData() {
    }

    public static StructType schema() {
        StructType s = new StructType();
        for (String f : FEATURES) s = s.add(f, DataTypes.DoubleType, false);
        return s.add(LABEL, DataTypes.DoubleType, false);
    }

    /** {@code rows} customers drawn with {@code seed}. */
    public static Dataset<Row> customers(SparkSession spark, int rows, long seed) {
        Random random = new Random(seed);
        List<Row> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            double tenure = random.nextDouble() * 60;
            double monthly = 20 + random.nextDouble() * 80;
            double calls = random.nextInt(8);
            double usage = random.nextGaussian() * 10 + 50;
            double z = -0.08 * tenure + 0.03 * monthly + 0.5 * calls - 0.02 * usage + random.nextGaussian() * 0.8;
            out.add(RowFactory.create(tenure, monthly, calls, usage, z > 0 ? 1.0 : 0.0));
        }
        return spark.createDataFrame(out, schema());
    }
}
