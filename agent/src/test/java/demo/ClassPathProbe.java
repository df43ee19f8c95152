package demo;

import java.net.URL;
import java.util.Enumeration;

/**
 * Prints, one per line, the jars that hold {@code META-INF/MANIFEST.MF} in the order the application class loader
 * searches them ("manifest <jar file name>"), then whether the application's code may reach into
 * {@code jdk.internal.loader} ("internals closed" / "internals opened").
 */
public final class ClassPathProbe {
    public static void main(String[] args) throws Exception {
        Enumeration<URL> manifests = ClassLoader.getSystemClassLoader().getResources("META-INF/MANIFEST.MF");
        while (manifests.hasMoreElements()) {
            String url = manifests.nextElement().toString();
            String jar = url.substring(0, url.indexOf("!/"));
            System.out.println("manifest " + jar.substring(jar.lastIndexOf('/') + 1));
        }
        try {
            Class.forName("jdk.internal.loader.BuiltinClassLoader").getDeclaredField("ucp").setAccessible(true);
            System.out.println("internals opened");
        } catch (RuntimeException e) {
            System.out.println("internals closed");
        }
    }
}
