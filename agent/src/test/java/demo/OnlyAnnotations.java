package demo;

import io.jmlflow.annotations.LogMetric;
import io.jmlflow.annotations.LogModel;
import io.jmlflow.annotations.LogParam;
import io.jmlflow.annotations.TrackRun;

/** One class per annotation use, for the byte search; and one that only names an annotation type. */
public final class OnlyAnnotations {
    public static final class TrackRunOnly {
        @TrackRun
        void run() {
        }
    }

    public static final class LogMetricOnly {
        @LogMetric
        double metric() {
            return 1;
        }
    }

    public static final class LogModelOnly {
        @LogModel
        Object model() {
            return "m";
        }
    }

    public static final class LogParamOnParameter {
        void run(@LogParam int x) {
        }
    }

    public static final class LogParamOnField {
        @LogParam
        int x;
    }

    /** Refers to the annotation type as a class constant but carries no annotation. */
    public static final class ReferencesTypeOnly {
        static final Class<?> TYPE = TrackRun.class;
    }

    /** A method with an annotation that is not ours. */
    public static final class ForeignAnnotation {
        @Deprecated
        void run() {
        }
    }
}
