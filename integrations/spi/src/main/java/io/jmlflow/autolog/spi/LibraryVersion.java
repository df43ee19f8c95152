package io.jmlflow.autolog.spi;

import io.jmlflow.internal.autolog.AutologTesting;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The version of an instrumented library as one class loader sees it, read from the library's own jar without loading
 * any of its classes (the agent asks from inside a class file transformer): Maven's
 * {@code META-INF/maven/<groupId>/<artifactId>/pom.properties}, else the {@code Implementation-Version} (or
 * {@code Bundle-Version}) of the manifest of the jar that holds the class being instrumented. Null when neither says.
 */
public final class LibraryVersion {
    private LibraryVersion() {
    }

    /**
     * The version of {@code library} in {@code loader}; {@code someClass} is the binary name of one of its classes
     * (the one being instrumented). Never throws.
     */
    public static String of(String integration, Library library, ClassLoader loader, String someClass) {
        String pretended = AutologTesting.libraryVersion(integration);
        if (pretended != null) return pretended;
        try {
            String fromPom = fromPomProperties(loader, library.groupId(), library.artifactId());
            if (fromPom != null) return fromPom;
            URL classFile = loader.getResource(someClass.replace('.', '/') + ".class");
            return classFile == null ? null : fromManifest(classFile);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String fromPomProperties(ClassLoader loader, String groupId, String artifactId) throws IOException {
        try (InputStream in = loader.getResourceAsStream("META-INF/maven/" + groupId + "/" + artifactId
                + "/pom.properties")) {
            if (in == null) return null;
            Properties p = new Properties();
            p.load(in);
            return blankToNull(p.getProperty("version"));
        }
    }

    /** The manifest version of the jar a {@code jar:file:...!/...} URL points into. */
    static String fromManifest(URL classFile) throws IOException {
        if (!"jar".equals(classFile.getProtocol())) return null;
        String spec = classFile.getPath();
        int bang = spec.indexOf("!/");
        if (bang < 0 || !spec.startsWith("file:")) return null;
        File jar = new File(URI.create(spec.substring(0, bang)));
        try (JarFile file = new JarFile(jar, false)) {
            Manifest m = file.getManifest();
            if (m == null) return null;
            Attributes a = m.getMainAttributes();
            String v = blankToNull(a.getValue(Attributes.Name.IMPLEMENTATION_VERSION));
            return v != null ? v : blankToNull(a.getValue("Bundle-Version"));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
