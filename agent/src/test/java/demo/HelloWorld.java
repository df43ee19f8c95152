package demo;

/** The application for the start-up benchmark: no annotations, no training. */
public final class HelloWorld {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
