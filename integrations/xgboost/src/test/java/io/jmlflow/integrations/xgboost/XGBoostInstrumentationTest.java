package io.jmlflow.integrations.xgboost;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The methods the advice goes on, matched against the XGBoost4J these tests run with. */
class XGBoostInstrumentationTest {
    /** Described from the class file, as the agent sees it (XGBoost's checkpointing names Hadoop, which is absent). */
    private static List<String> matched(Class<?> type, net.bytebuddy.matcher.ElementMatcher<MethodDescription> m) {
        List<String> out = new ArrayList<>();
        TypePool pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.of(type.getClassLoader()));
        for (MethodDescription.InDefinedShape d : pool.describe(type.getName()).resolve().getDeclaredMethods()) {
            if (m.matches(d)) out.add(d.getName() + "/" + d.getParameters().size());
        }
        out.sort(null);
        return out;
    }

    @Test
    void everyTrainingEntryPointIsAdvised() {
        assertEquals(List.of("train/6", "train/8", "train/9", "trainAndSaveCheckpoint/12"),
                matched(XGBoost.class, XGBoostInstrumentation.training()));
    }

    @Test
    void theTwoEvalSetsThatComputeMetricsAreAdvised() {
        assertEquals(List.of("evalSet/3", "evalSet/4"), matched(Booster.class, XGBoostInstrumentation.evaluation()));
    }
}
