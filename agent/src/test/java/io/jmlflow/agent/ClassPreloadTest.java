package io.jmlflow.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassPreloadTest {
    @TempDir
    Path dir;

    interface Root {
    }

    interface Child extends Root {
    }

    static class Base implements Child {
    }

    static class Leaf extends Base {
    }

    @Test
    void supertypesAmongTheClassesComeFirst() {
        List<Class<?>> order = ClassPreload.supertypesFirst(List.of(Leaf.class, String.class, Child.class, Base.class, Root.class));
        assertEquals(5, order.size());
        assertTrue(order.indexOf(Root.class) < order.indexOf(Child.class));
        assertTrue(order.indexOf(Child.class) < order.indexOf(Base.class));
        assertTrue(order.indexOf(Base.class) < order.indexOf(Leaf.class));
    }

    @Test
    void aClassFileIsNamedAsTheClassLoaderNamesIt() {
        assertEquals("io/jmlflow/internal/session/Session.class", ClassDefiner.classFile("io.jmlflow.internal.session.Session"));
        assertEquals("org/sqlite/jdbc3/JDBC3Statement$$JmLambda$0.class",
                ClassDefiner.classFile("org.sqlite.jdbc3.JDBC3Statement$$JmLambda$0"));
        assertEquals("A.class", ClassDefiner.classFile("A"));
    }

    @Test
    void onlyNamesOfOurPackagesOutsideByteBuddyAreKept() throws Exception {
        assertTrue(ClassPreload.ours("io.jmlflow.internal.session.Session"));
        assertTrue(ClassPreload.ours("org.sqlite.jdbc3.JDBC3Statement$$JmLambda$0"));
        assertFalse(ClassPreload.ours("java.lang.String"));
        assertFalse(ClassPreload.ours("demo.AnnotatedTraining"));
        assertFalse(ClassPreload.ours("io.jmlflow.shaded.bytebuddy.ByteBuddy"));
        assertFalse(ClassPreload.ours("io/jmlflow/Mlflow"));
        assertFalse(ClassPreload.ours(""));
        assertFalse(ClassPreload.ours("io.jmlflow." + "x".repeat(400)));

        Path list = dir.resolve(".preload-test");
        assertTrue(ClassPreload.read(list).isEmpty(), "no list yet");
        ClassPreload.write(list, new LinkedHashSet<>(List.of("io.jmlflow.A", "org.sqlite.B")));
        Files.writeString(list, Files.readString(list) + "java.lang.C\n\nio.jmlflow.D");
        assertEquals(List.of("io.jmlflow.A", "org.sqlite.B", "io.jmlflow.D"), ClassPreload.read(list));
        List<String> long_ = new ArrayList<>();
        for (int i = 0; i < ClassPreload.MAX_NAMES + 10; i++) long_.add("io.jmlflow.C" + i);
        ClassPreload.write(list, new LinkedHashSet<>(long_));
        assertEquals(ClassPreload.MAX_NAMES, ClassPreload.read(list).size(), "bounded");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }
}
