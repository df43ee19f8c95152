package demo;

/** For the start-up benchmarks: loads (without initializing) the classes named on the command line. */
public final class LoadClasses {
    private LoadClasses() {
    }

    public static void main(String[] names) throws Exception {
        for (String name : names) Class.forName(name, false, LoadClasses.class.getClassLoader());
    }
}
