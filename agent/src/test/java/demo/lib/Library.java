package demo.lib;

/** Stands in for a machine-learning library's entry point, for the integration SPI tests. */
public final class Library {
    public static int fit(int rows) {
        return rows * 2;
    }
}
