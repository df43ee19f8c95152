package demo;

import io.jmlflow.Mlflow;
import io.jmlflow.annotations.LogMetric;
import io.jmlflow.annotations.LogParam;
import io.jmlflow.annotations.TrackRun;

/**
 * Calls only {@code Mlflow.autolog()} (no -javaagent): {@link Preloaded} is loaded and used before the call, so it is
 * instrumented by retransformation; {@link LoadedLater} is loaded after it.
 */
public final class AutologAttach {
    public static final class Preloaded {
        @TrackRun(name = "preloaded", experiment = "attach-it")
        public int run(@LogParam("size") int size) {
            return score(size);
        }

        @LogMetric("score")
        int score(int size) {
            return size * 2;
        }
    }

    public static final class LoadedLater {
        @TrackRun(name = "loaded-later", experiment = "attach-it")
        public int run(@LogParam("size") int size) {
            return size + 1;
        }
    }

    public static void main(String[] args) {
        Preloaded preloaded = new Preloaded();
        int before = preloaded.run(1); // untracked: the agent is not there yet
        Mlflow.autolog();
        int after = preloaded.run(2);
        int later = new LoadedLater().run(3);
        System.out.println("results " + before + " " + after + " " + later);
    }
}
