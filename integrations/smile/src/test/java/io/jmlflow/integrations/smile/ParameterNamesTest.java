package io.jmlflow.integrations.smile;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class ParameterNamesTest {
    @Test
    void namesComeFromTheClassFilesLocalVariableTables() {
        String descriptor = "(Lsmile/data/formula/Formula;Lsmile/data/DataFrame;IILsmile/base/cart/SplitRule;IIID[I"
                + "Ljava/util/stream/LongStream;)Lsmile/classification/RandomForest;";
        assertArrayEquals(new String[] {"formula", "data", "ntrees", "mtry", "rule", "maxDepth", "maxNodes", "nodeSize",
                "subsample", "classWeight", "seeds"},
                ParameterNames.of(smile.classification.RandomForest.class, "fit", descriptor, 11));
        assertArrayEquals(new String[] {"x", "y", "lambda", "tol", "maxIter"},
                ParameterNames.of(smile.classification.LogisticRegression.class, "fit",
                        "([[D[IDDI)Lsmile/classification/LogisticRegression;", 5));
    }

    @Test
    void longsAndDoublesTakeTwoSlots() {
        assertArrayEquals(new int[] {0, 1, 3, 5, 6, 7, 8}, ParameterNames.slots("(IJD[D[[JLjava/lang/String;Z)V"));
        assertArrayEquals(new int[0], ParameterNames.slots("()V"));
    }

    @Test
    void unknownMethodsGetPositionalNames() {
        assertArrayEquals(new String[] {"arg0", "arg1"},
                ParameterNames.of(smile.classification.RandomForest.class, "fit", "(II)V", 2));
        assertArrayEquals(new String[] {"arg0"}, ParameterNames.of(String.class, "nothing", "()V", 1));
    }
}
