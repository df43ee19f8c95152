package io.jmlflow.autolog.spi;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LinkedReferencesTest {
    private static final ClassLoader LOADER = LinkedReferencesTest.class.getClassLoader();
    private static final Library FIXTURE = Library.of("Fixture", "fixture", "fixturelib")
            .linkedDirectly("io.jmlflow.autolog.spi.fixture.Linked", "fixturelib.")
            .optional("fixturelib.extra.");

    private static LinkedReferences references() throws Exception {
        return LinkedReferences.collect(FIXTURE, "io.jmlflow.autolog.spi.fixture.", LOADER);
    }

    private static TypePool pool(ClassFileLocator locator) {
        return new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
                TypePool.Default.ReaderMode.FAST);
    }

    @Test
    void theReferencesAreThoseOfTheCodeReachableFromTheRootExceptOptionalParts() throws Exception {
        assertEquals(List.of(
                "type fixturelib/Engine <- io/jmlflow/autolog/spi/fixture/Linked",
                "method fixturelib/Engine run (I)I <- io/jmlflow/autolog/spi/fixture/Linked",
                "method fixturelib/Engine stop ()V <- io/jmlflow/autolog/spi/fixture/Helper",
                "field fixturelib/Engine speed I <- io/jmlflow/autolog/spi/fixture/Linked"), references().describe());
    }

    @Test
    void theLibraryAsItIsMatches() throws Exception {
        assertNull(references().mismatch(pool(ClassFileLocator.ForClassLoader.of(LOADER))));
    }

    @Test
    void aLibraryWithoutAMethodTheCodeCallsIsNamedWithTheCaller() throws Exception {
        byte[] older = new ByteBuddy().subclass(Object.class).name("fixturelib.Engine")
                .defineField("speed", int.class, Visibility.PUBLIC)
                .defineMethod("run", int.class, Visibility.PUBLIC).withParameters(int.class).intercept(FixedValue.value(0))
                .make().getBytes();
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of("fixturelib.Engine", older),
                ClassFileLocator.ForClassLoader.of(LOADER));
        assertEquals("fixturelib.Engine.stop()V is missing (used by io.jmlflow.autolog.spi.fixture.Helper)",
                references().mismatch(pool(locator)));
    }

    @Test
    void aLibraryWithoutTheClassIsNamed() throws Exception {
        assertEquals("fixturelib.Engine is missing (used by io.jmlflow.autolog.spi.fixture.Linked)",
                references().mismatch(TypePool.Empty.INSTANCE));
    }

    @Test
    void aLibraryReachedByReflectionHasNoReferences() throws Exception {
        Library reflective = Library.of("Fixture", "fixture", "fixturelib").reachedByReflection();
        LinkedReferences refs = LinkedReferences.collect(reflective, "io.jmlflow.autolog.spi.fixture.", LOADER);
        assertEquals(0, refs.size());
        assertNull(refs.mismatch(TypePool.Empty.INSTANCE));
    }
}
