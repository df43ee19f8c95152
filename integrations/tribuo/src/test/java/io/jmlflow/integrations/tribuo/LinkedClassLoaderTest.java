package io.jmlflow.integrations.tribuo;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkedClassLoaderTest {

    @Test
    void definesTheLinkedClassesItselfAndSharesEverythingElse() throws Exception {
        ClassLoader app = LinkedClassLoaderTest.class.getClassLoader();
        LinkedClassLoader loader = new LinkedClassLoader(app, app);
        Class<?> impl = loader.loadClass("io.jmlflow.integrations.tribuo.linked.TribuoAutologger");
        assertSame(loader, impl.getClassLoader());
        assertNotSame(Class.forName(impl.getName(), false, app), impl);
        assertTrue(TribuoSupport.class.isAssignableFrom(impl), "the interface comes from the agent's loader");
        assertSame(io.jmlflow.Mlflow.class, loader.loadClass("io.jmlflow.Mlflow"));
        assertSame(Class.forName("org.tribuo.Model"), loader.loadClass("org.tribuo.Model"));
        assertTrue(impl.getDeclaredConstructor().newInstance() instanceof TribuoSupport);
    }
}
