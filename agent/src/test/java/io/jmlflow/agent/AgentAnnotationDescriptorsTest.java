package io.jmlflow.agent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentAnnotationDescriptorsTest {
    static byte[] classFile(String binaryName) throws IOException {
        try (InputStream in = AgentAnnotationDescriptorsTest.class.getClassLoader()
                .getResourceAsStream(binaryName.replace('.', '/') + ".class")) {
            if (in == null) throw new IOException("no class file for " + binaryName);
            return in.readAllBytes();
        }
    }

    @Test
    void findsEachOfTheFourAnnotations() throws IOException {
        for (String c : new String[]{"TrackRunOnly", "LogMetricOnly", "LogModelOnly", "LogParamOnParameter",
                "LogParamOnField"}) {
            assertTrue(AnnotationDescriptors.occurIn(classFile("demo.OnlyAnnotations$" + c)), c);
        }
        assertTrue(AnnotationDescriptors.occurIn(classFile("demo.AnnotatedTraining$Trainer")));
    }

    @Test
    void ignoresClassesWithoutOurAnnotations() throws IOException {
        assertFalse(AnnotationDescriptors.occurIn(classFile("demo.HelloWorld")));
        assertFalse(AnnotationDescriptors.occurIn(classFile("demo.OnlyAnnotations$ForeignAnnotation")));
        // TrackRun.class is a class constant "io/jmlflow/annotations/TrackRun", not the descriptor
        assertFalse(AnnotationDescriptors.occurIn(classFile("demo.OnlyAnnotations$ReferencesTypeOnly")));
        assertFalse(AnnotationDescriptors.occurIn(classFile("java.lang.String")));
    }

    @Test
    void needsTheWholeDescriptor() {
        assertFalse(AnnotationDescriptors.occurIn(ascii("xxLio/jmlflow/annotations/Other;xx")));
        assertFalse(AnnotationDescriptors.occurIn(ascii("Lio/jmlflow/annotations/TrackRun")));
        assertFalse(AnnotationDescriptors.occurIn(ascii("Lio/jmlflow/annotations/")));
        assertFalse(AnnotationDescriptors.occurIn(new byte[0]));
        assertTrue(AnnotationDescriptors.occurIn(ascii("Lio/jmlflow/annotations/LogModel;")));
        assertTrue(AnnotationDescriptors.occurIn(ascii("LLio/jmlflow/annotations/Lio/jmlflow/annotations/LogParam;")));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
