package io.jmlflow.autolog.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The library an {@link Integration} instruments, as the agent checks it at the first class it instruments in each
 * class loader: which versions are supported (read from the library's own jar, see {@link LibraryVersion}), and how
 * the integration's code reaches the library ({@link Reach}), from which the agent derives the shape check.
 *
 * <pre>{@code
 * Library.of("DL4J", "org.deeplearning4j", "deeplearning4j-nn")
 *         .versions("[1.0.0-M1,1.1)")
 *         .linkedDirectly(Dl4jHooks.class.getName(), "org.deeplearning4j.", "org.nd4j.");
 * }</pre>
 * No Byte Buddy types here: integrations create it in {@code premain}.
 */
public final class Library {
    /** How an integration's code reaches the library: the rule is in {@code integrations/README.md}. */
    public enum Reach {
        /** By name and reflection only (nothing links against the library): no link check. */
        REFLECTION,
        /** Linked against the library, loaded by the agent's class loader, which must see the library. */
        DIRECT,
        /** Linked against the library, loaded by a child class loader next to each copy of the library. */
        ISOLATED
    }

    private final String displayName;
    private final String groupId;
    private final String artifactId;
    private final List<VersionRange> supported = new ArrayList<>();
    private Reach reach = Reach.REFLECTION;
    private String linkedRoot;
    private final List<String> packages = new ArrayList<>();
    private final List<String> optionalPackages = new ArrayList<>();

    private Library(String displayName, String groupId, String artifactId) {
        this.displayName = displayName;
        this.groupId = groupId;
        this.artifactId = artifactId;
    }

    /**
     * The library named {@code displayName} in messages, whose version is that of the Maven artifact
     * {@code groupId:artifactId} (its {@code pom.properties}, else the manifest of the jar it instruments).
     */
    public static Library of(String displayName, String groupId, String artifactId) {
        return new Library(displayName, groupId, artifactId);
    }

    /**
     * The versions this integration supports, as Maven ranges: {@code "[3.0,4.0)"} is 3.0 up to, not including, 4.0.
     * Several ranges are alternatives. Outside them the integration stays off (one warning) unless
     * {@code autolog.<name>.unsupported.versions=true}.
     */
    public Library versions(String... ranges) {
        for (String r : ranges) supported.add(VersionRange.parse(r));
        return this;
    }

    /** The integration reaches the library only by reflection ({@link Reach#REFLECTION}); the default. */
    public Library reachedByReflection() {
        reach = Reach.REFLECTION;
        linkedRoot = null;
        return this;
    }

    /**
     * The code reachable from {@code rootClass} (within the integration's package) links against the library
     * directly ({@link Reach#DIRECT}); its references into {@code libraryPackages} ({@code "org.deeplearning4j."})
     * are the shape check.
     */
    public Library linkedDirectly(String rootClass, String... libraryPackages) {
        return linked(Reach.DIRECT, rootClass, libraryPackages);
    }

    /** As {@link #linkedDirectly}, for code that is loaded next to the library ({@link Reach#ISOLATED}). */
    public Library linkedInIsolatedLoader(String rootClass, String... libraryPackages) {
        return linked(Reach.ISOLATED, rootClass, libraryPackages);
    }

    /**
     * Packages (within the library packages) of optional parts of the library, e.g. modules an application may leave
     * out: references into them are not required by the shape check; the code using them must expect their absence.
     */
    public Library optional(String... libraryPackages) {
        Collections.addAll(optionalPackages, libraryPackages);
        return this;
    }

    private Library linked(Reach how, String rootClass, String... libraryPackages) {
        reach = how;
        linkedRoot = rootClass;
        packages.clear();
        Collections.addAll(packages, libraryPackages);
        return this;
    }

    public String displayName() {
        return displayName;
    }

    public String groupId() {
        return groupId;
    }

    public String artifactId() {
        return artifactId;
    }

    public Reach reach() {
        return reach;
    }

    /** The class whose reachable code links against the library; null for {@link Reach#REFLECTION}. */
    public String linkedRoot() {
        return linkedRoot;
    }

    public List<String> packages() {
        return Collections.unmodifiableList(packages);
    }

    public List<String> optionalPackages() {
        return Collections.unmodifiableList(optionalPackages);
    }

    /** True when {@code version} is in one of the supported ranges (or none were declared). */
    public boolean supports(String version) {
        if (supported.isEmpty()) return true;
        for (VersionRange r : supported) if (r.contains(version)) return true;
        return false;
    }

    /** The supported ranges as declared, e.g. {@code [3.0,4.0) or [6.0,7.0)}. */
    public String supportedVersions() {
        StringBuilder b = new StringBuilder();
        for (VersionRange r : supported) {
            if (b.length() > 0) b.append(" or ");
            b.append(r);
        }
        return b.length() == 0 ? "any" : b.toString();
    }

    @Override
    public String toString() {
        return displayName + " (" + groupId + ":" + artifactId + " " + supportedVersions() + ", " + reach + ")";
    }
}
