package io.jmlflow.docs;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code scripts/ui-screenshots.sh} makes the README's images of the real MLflow UI with no display (as in CI);
 * the README shows the images the script makes.
 */
class UiScreenshotsTest {
    private static final List<String> IMAGES = List.of("run-overview.png", "run-artifacts.png", "logged-model.png");

    @Test
    void screenshotScriptMakesTheReadmesImagesHeadless() throws IOException {
        Path out = Scripts.freshDir("screenshots");
        Scripts.Result r = Scripts.run(out, 900, "ui-screenshots.sh", out.toString());
        assertEquals(0, r.exitCode(), r.describe());
        for (String name : IMAGES) {
            assertTrue(r.stdout().contains("[screenshots] " + out.resolve(name)), r.describe());
            assertPicture(out.resolve(name));
        }
    }

    @Test
    void readmeShowsTheScriptsImagesFromTheRepository() throws IOException {
        String readme = Readme.read().text();
        for (String name : IMAGES) {
            assertTrue(readme.contains("](docs/images/" + name + ")"), "README shows docs/images/" + name);
            assertPicture(Scripts.root().resolve("docs/images").resolve(name));
        }
    }

    /** A PNG of a page: a browser window's width, and a page's worth of colours, not a blank or an error page. */
    private static void assertPicture(Path png) throws IOException {
        assertTrue(Files.isRegularFile(png), png + " exists");
        assertTrue(Files.size(png) > 30_000, png + " is " + Files.size(png) + " bytes");
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " is a PNG");
        assertEquals(1400, image.getWidth(), png + " width");
        assertTrue(image.getHeight() >= 700, png + " height " + image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) colours.add(image.getRGB(x, y));
        }
        assertTrue(colours.size() > 100, png + " has " + colours.size() + " colours");
    }
}
