package demo;

import io.jmlflow.annotations.LogParam;

/**
 * For the start-up benchmark: one class carries an annotation, so the agent sets Byte Buddy up and instruments it
 * (run with {@code -Dmlflow.annotations.enabled=false} to leave the tracking store out of the measurement).
 */
public final class HelloTracked {
    static String greet(@LogParam("name") String name) {
        return "hello " + name;
    }

    public static void main(String[] args) {
        System.out.println(greet("world"));
    }
}
