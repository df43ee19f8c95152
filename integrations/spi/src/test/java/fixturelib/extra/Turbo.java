package fixturelib.extra;

/** A class of an optional part of the library. */
public final class Turbo {
    public static int boost(int speed) {
        return speed * 2;
    }
}
