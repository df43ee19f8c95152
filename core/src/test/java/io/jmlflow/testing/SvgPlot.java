package io.jmlflow.testing;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An autolog plot read back with the JDK's XML parser, as a browser would have to: parsing fails the test unless the
 * file is well-formed XML whose root is an SVG {@code svg} element.
 */
public final class SvgPlot {
    public static final String SVG_NS = "http://www.w3.org/2000/svg";
    private final Element root;

    private SvgPlot(Element root) {
        this.root = root;
    }

    public static SvgPlot parse(byte[] svg) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
            Element root = doc.getDocumentElement();
            assertEquals(SVG_NS, root.getNamespaceURI(), "the SVG namespace");
            assertEquals("svg", root.getLocalName());
            return new SvgPlot(root);
        } catch (Exception e) {
            throw new AssertionError("not a well-formed SVG document: " + e, e);
        }
    }

    public static SvgPlot read(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    public int width() {
        return Integer.parseInt(root.getAttribute("width"));
    }

    public int height() {
        return Integer.parseInt(root.getAttribute("height"));
    }

    /** The text of every {@code text} element, in document order (entities decoded). */
    public List<String> texts() {
        List<String> out = new ArrayList<>();
        for (Element e : elements("text")) out.add(e.getTextContent());
        return out;
    }

    /** The elements named {@code localName} ({@code rect}, {@code polyline}, ...), in document order. */
    public List<Element> elements(String localName) {
        NodeList nodes = root.getElementsByTagNameNS(SVG_NS, localName);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) out.add((Element) nodes.item(i));
        return out;
    }

    /** How many elements named {@code localName} it has. */
    public int count(String localName) {
        return root.getElementsByTagNameNS(SVG_NS, localName).getLength();
    }

    /** The {@code polyline} elements' {@code points}, in document order. */
    public List<String> polylines() {
        List<String> out = new ArrayList<>();
        for (Element e : elements("polyline")) out.add(e.getAttribute("points"));
        return out;
    }

    /**
     * Asserts MLflow's plot size (1050 x 700 pixels), that it shows every one of {@code texts} and draws something
     * besides text (at least one line, curve or filled shape beyond the background).
     */
    public SvgPlot assertPlot(String what, String... texts) {
        assertEquals(1050, width(), what + " width");
        assertEquals(700, height(), what + " height");
        List<String> shown = texts();
        for (String t : texts) assertTrue(shown.contains(t), what + " shows '" + t + "': " + shown);
        assertTrue(count("line") + count("polyline") + count("rect") > 1, what + " draws something");
        return this;
    }
}
