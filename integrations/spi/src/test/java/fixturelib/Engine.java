package fixturelib;

/** Stands in for a library class the linked code uses. */
public class Engine {
    public int speed;

    public int run(int rounds) {
        return rounds * speed;
    }

    public void stop() {
        speed = 0;
    }
}
