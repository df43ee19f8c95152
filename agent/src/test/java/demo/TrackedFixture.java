package demo;

import io.jmlflow.annotations.LogMetric;
import io.jmlflow.annotations.LogModel;
import io.jmlflow.annotations.LogParam;
import io.jmlflow.annotations.TrackRun;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** Annotated methods whose calls the semantics tests replay through TrackedCalls, as a weaver would. */
public class TrackedFixture {
    @LogParam("owner")
    String owner = "team-a";
    @LogParam
    static String ignoredStatic = "static fields are not logged";

    @TrackRun(name = "outer", experiment = "semantics")
    public void outer(@LogParam("cfg") Map<String, Object> config, int notLogged) {
    }

    @TrackRun
    public void inner() {
    }

    @LogMetric(value = "loss", step = "epoch")
    public double loss(int epoch) {
        return 1.0 / (epoch + 1);
    }

    @LogMetric
    public double counted() {
        return 3;
    }

    @LogMetric("eval")
    public Map<String, Object> eval() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("acc", 0.9);
        m.put("note", "not a number");
        return m;
    }

    @LogMetric
    public String notANumber() {
        return "x";
    }

    @LogModel("clf")
    public Serializable model() {
        return new int[]{1, 2, 3};
    }

    public void paramsOnly(@LogParam("alpha") double alpha) {
    }
}
