package io.jmlflow.internal;

import java.util.concurrent.ThreadLocalRandom;

/** Readable run names in MLflow's style ("brave-owl-417"). */
public final class RunNames {
    private static final String[] ADJECTIVES = {
        "able", "amazing", "bold", "brave", "bright", "calm", "capable", "clever", "crisp", "dapper", "eager",
        "fearless", "gentle", "glamorous", "honest", "humble", "industrious", "judicious", "kindly", "loyal",
        "merciful", "nimble", "orderly", "polite", "quiet", "rare", "resilient", "sassy", "serious", "shivering",
        "skillful", "smiling", "sneaky", "stately", "suave", "tasteful", "thundering", "traveling", "unique",
        "valuable", "victorious", "welcoming", "whimsical", "wise", "youthful", "zealous"};
    private static final String[] NOUNS = {
        "ant", "ape", "bass", "bat", "bear", "bee", "bird", "boar", "carp", "cat", "colt", "cow", "crab", "crane",
        "croc", "crow", "deer", "doe", "dog", "dove", "duck", "eel", "elk", "fawn", "finch", "fish", "flea", "fly",
        "foal", "fowl", "fox", "frog", "gnat", "gnu", "goat", "grouse", "gull", "hare", "hawk", "hen", "hog",
        "horse", "hound", "jay", "kit", "kite", "koi", "lamb", "lark", "loon", "lynx", "mare", "midge", "mink",
        "mole", "moose", "moth", "mouse", "mule", "newt", "owl", "ox", "panda", "penguin", "perch", "pig", "pug",
        "quail", "ram", "rat", "ray", "robin", "roo", "rook", "seal", "shad", "shark", "sheep", "shoat", "shrew",
        "shrike", "skink", "skunk", "sloth", "slug", "smelt", "snail", "snake", "snipe", "sow", "sponge", "squid",
        "stag", "steed", "stoat", "stork", "swan", "tern", "toad", "trout", "turtle", "vole", "wasp", "whale",
        "wolf", "worm", "wren", "yak", "zebra"};

    private RunNames() {
    }

    public static String generate() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return ADJECTIVES[r.nextInt(ADJECTIVES.length)] + "-" + NOUNS[r.nextInt(NOUNS.length)] + "-" + r.nextInt(1000);
    }
}
