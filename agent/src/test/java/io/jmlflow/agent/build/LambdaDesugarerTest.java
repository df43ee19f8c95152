package io.jmlflow.agent.build;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LambdaDesugarerTest {
    private static final String HOST = "io/jmlflow/agent/build/LambdaSamples";

    @Test
    void rewrittenLambdasBehaveAsBeforeAndLeaveOnlyWhatNeedsBoxing() throws Exception {
        byte[] original = classFile(HOST);
        Map<String, byte[]> out = LambdaDesugarer.desugar(Map.of(HOST, original));

        assertEquals(6, out.size(), "the host and five new classes: " + out.keySet());
        assertEquals(1, invokedynamics(out.get(HOST)), "only the boxing method reference stays");
        assertEquals(6, invokedynamics(original));

        Class<?> rewritten = new BytesLoader(out).loadClass(HOST.replace('/', '.'));
        Object desugared = rewritten.getConstructor(String.class).newInstance("ab");
        String expected = new LambdaSamples("ab").run("!");
        assertEquals("ab!|ab|ABC|2|7|42", expected);
        assertEquals(expected, rewritten.getMethod("run", String.class).invoke(desugared, "!"));
        assertTrue(rewritten.getClassLoader() instanceof BytesLoader);
    }

    @Test
    void classesWithoutLambdasAreLeftOut() throws Exception {
        assertTrue(LambdaDesugarer.desugar(Map.of("x", classFile("io/jmlflow/agent/build/LambdaDesugarer$Site"))).isEmpty());
    }

    private static byte[] classFile(String internalName) throws Exception {
        try (InputStream in = LambdaDesugarerTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            return in.readAllBytes();
        }
    }

    private static int invokedynamics(byte[] classFile) {
        int[] n = {0};
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInvokeDynamicInsn(String indyName, String desc, Handle bsm, Object... args) {
                        if (bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory")) n[0]++;
                    }
                };
            }
        }, 0);
        return n[0];
    }

    /** Defines the given classes itself (child first), everything else from its parent. */
    private static final class BytesLoader extends ClassLoader {
        private final Map<String, byte[]> classes = new HashMap<>();

        BytesLoader(Map<String, byte[]> byInternalName) {
            super(LambdaDesugarerTest.class.getClassLoader());
            byInternalName.forEach((k, v) -> classes.put(k.replace('/', '.'), v));
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] b = classes.get(name);
                    c = b != null ? defineClass(name, b, 0, b.length) : super.loadClass(name, false);
                }
                return c;
            }
        }
    }
}
