package io.jmlflow.agent.build;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A build step of the agent jar (run by {@code agent/pom.xml} after shading, on the bundled SQLite driver's classes):
 * turns each lambda and method reference ({@code invokedynamic} through {@code LambdaMetafactory.metafactory}) into a
 * small class of its own, created through a static factory method. Linking a lambda at run time spins a hidden class
 * and method handles (about 0.4 ms of CPU each, interpreted), and sqlite-jdbc's statements and result sets link 25 of
 * them in a tracked run's first second; a plain class costs a class load.
 *
 * <p>Only what needs no adaptation beyond a cast is rewritten: the implementation is a static, virtual or interface
 * method the new class may call from the host's package, or a private method of the host, which becomes
 * package-private under a name of its own (so no subclass can override it). A site that needs boxing, widening, a
 * constructor or a super call stays as it was. It lives among the agent's test sources so that it is compiled, and
 * tested, before the jar is packaged; nothing of it ships.
 */
public final class LambdaDesugarer {
    private static final String METAFACTORY_OWNER = "java/lang/invoke/LambdaMetafactory";

    private final Map<String, ClassReader> classes;
    private final Map<String, Integer> classAccess = new HashMap<>();
    private final Map<String, Integer> methodAccess = new HashMap<>();
    private final Map<String, byte[]> output = new LinkedHashMap<>();

    private LambdaDesugarer(Map<String, byte[]> classFiles) {
        classes = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : classFiles.entrySet()) {
            ClassReader reader = new ClassReader(e.getValue());
            classes.put(reader.getClassName(), reader);
            classAccess.put(reader.getClassName(), reader.getAccess());
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    methodAccess.put(reader.getClassName() + '.' + name + descriptor, access);
                    return null;
                }
            }, ClassReader.SKIP_CODE);
        }
    }

    /**
     * {@code java LambdaDesugarer <folder>}: rewrites the class files under the folder in place and adds the new
     * classes beside them; prints how many sites it rewrote.
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        Map<String, byte[]> in = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                in.put(root.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        Map<String, byte[]> out = desugar(in);
        int generated = 0;
        for (Map.Entry<String, byte[]> e : out.entrySet()) {
            Path f = root.resolve(e.getKey() + ".class");
            if (!Files.exists(f)) generated++;
            Files.write(f, e.getValue());
        }
        System.out.println("[desugar] " + generated + " lambda and method reference sites of " + in.size()
                + " classes under " + root + " now create classes of their own");
    }

    /**
     * The rewritten classes and the new ones, by internal name ({@code org/sqlite/core/DB}); classes without a
     * rewritten site are not in it.
     */
    public static Map<String, byte[]> desugar(Map<String, byte[]> classFiles) {
        LambdaDesugarer d = new LambdaDesugarer(classFiles);
        for (ClassReader reader : d.classes.values()) d.rewrite(reader);
        return d.output;
    }

    private void rewrite(ClassReader reader) {
        String host = reader.getClassName();
        if ((reader.getAccess() & Opcodes.ACC_INTERFACE) != 0) return;
        // first pass: which sites can be rewritten, and which private methods they call
        List<Site> sites = new ArrayList<>();
        Map<String, String> renamed = new HashMap<>();
        List<String> keptImpls = new ArrayList<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap,
                                                       Object... args) {
                        Site site = site(host, sites.size(), indyName, indyDescriptor, bootstrap, args);
                        sites.add(site);
                        if (site == null) {
                            for (Object a : args) if (a instanceof Handle) keptImpls.add(((Handle) a).getName() + ((Handle) a).getDesc());
                        } else if (site.renamedTo != null) {
                            renamed.put(site.impl.getName() + site.impl.getDesc(), site.renamedTo);
                        }
                    }
                };
            }
        }, 0);
        if (sites.stream().allMatch(s -> s == null)) return;
        for (String kept : keptImpls) if (renamed.containsKey(kept)) return; // a kept site still names it

        ClassWriter writer = new ClassWriter(reader, 0);
        int[] index = {0};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                String newName = renamed.get(name + descriptor);
                if (newName != null) {
                    access = (access & ~Opcodes.ACC_PRIVATE) | Opcodes.ACC_SYNTHETIC;
                    name = newName;
                }
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap,
                                                       Object... args) {
                        Site site = sites.get(index[0]++);
                        if (site == null) {
                            super.visitInvokeDynamicInsn(indyName, indyDescriptor, bootstrap, args);
                        } else {
                            // same stack effect: the captured values in, the functional interface out
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, site.className, "create", indyDescriptor, false);
                        }
                    }
                };
            }
        }, 0);
        output.put(host, writer.toByteArray());
        for (Site site : sites) {
            if (site != null) output.put(site.className, site.generate(reader.readShort(6)));
        }
    }

    /** The site's rewrite, or null when it stays an {@code invokedynamic}. */
    private Site site(String host, int n, String indyName, String indyDescriptor, Handle bootstrap, Object[] args) {
        if (!METAFACTORY_OWNER.equals(bootstrap.getOwner()) || !"metafactory".equals(bootstrap.getName())
                || args.length != 3 || !(args[1] instanceof Handle)) {
            return null;
        }
        Type sam = (Type) args[0];
        Handle impl = (Handle) args[1];
        Integer access = methodAccess.get(impl.getOwner() + '.' + impl.getName() + impl.getDesc());
        Integer ownerAccess = classAccess.get(impl.getOwner());
        if (access == null || ownerAccess == null) return null; // not one of the classes rewritten here
        String renamedTo = null;
        int opcode;
        switch (impl.getTag()) {
            case Opcodes.H_INVOKESTATIC:
                opcode = Opcodes.INVOKESTATIC;
                break;
            case Opcodes.H_INVOKEVIRTUAL:
                opcode = Opcodes.INVOKEVIRTUAL;
                break;
            case Opcodes.H_INVOKEINTERFACE:
                opcode = Opcodes.INVOKEINTERFACE;
                break;
            case Opcodes.H_INVOKESPECIAL: // a private instance method of the host
                if (!impl.getOwner().equals(host) || (access & Opcodes.ACC_PRIVATE) == 0) return null;
                opcode = Opcodes.INVOKEVIRTUAL;
                break;
            default:
                return null;
        }
        if ((access & Opcodes.ACC_PRIVATE) != 0) {
            if (!impl.getOwner().equals(host) || !impl.getName().startsWith("lambda$")) return null;
            renamedTo = impl.getName() + "$" + host.substring(host.lastIndexOf('/') + 1).replace('$', '_');
        } else if (!samePackage(host, impl.getOwner())
                && ((access & Opcodes.ACC_PUBLIC) == 0 || (ownerAccess & Opcodes.ACC_PUBLIC) == 0)) {
            return null;
        }
        // the values the implementation takes: the receiver (instance methods), then its parameters
        List<Type> implArgs = new ArrayList<>();
        if (opcode != Opcodes.INVOKESTATIC) implArgs.add(Type.getObjectType(impl.getOwner()));
        implArgs.addAll(List.of(Type.getArgumentTypes(impl.getDesc())));
        Type[] captured = Type.getArgumentTypes(indyDescriptor);
        Type[] samArgs = sam.getArgumentTypes();
        if (captured.length + samArgs.length != implArgs.size()) return null;
        for (int i = 0; i < implArgs.size(); i++) {
            Type from = i < captured.length ? captured[i] : samArgs[i - captured.length];
            if (!castable(from, implArgs.get(i))) return null;
        }
        Type implReturn = Type.getReturnType(impl.getDesc());
        Type samReturn = sam.getReturnType();
        if (samReturn.getSort() != Type.VOID && !castable(implReturn, samReturn)) return null;
        String className = host + "$$JmLambda$" + n;
        Type iface = Type.getReturnType(indyDescriptor);
        return new Site(className, iface, indyName, indyDescriptor, sam, impl, opcode, renamedTo, implArgs);
    }

    /** No boxing, unboxing or widening: the same primitive, or references (a cast where they differ). */
    private static boolean castable(Type from, Type to) {
        boolean fromRef = from.getSort() == Type.OBJECT || from.getSort() == Type.ARRAY;
        boolean toRef = to.getSort() == Type.OBJECT || to.getSort() == Type.ARRAY;
        return fromRef && toRef || from.equals(to);
    }

    private static boolean samePackage(String a, String b) {
        return a.substring(0, a.lastIndexOf('/') + 1).equals(b.substring(0, b.lastIndexOf('/') + 1));
    }

    /** One rewritten site and the class it now creates. */
    private static final class Site {
        final String className;
        final Type iface;
        final String samName;
        final String indyDescriptor;
        final Type sam;
        final Handle impl;
        final int opcode;
        final String renamedTo;
        final List<Type> implArgs;

        Site(String className, Type iface, String samName, String indyDescriptor, Type sam, Handle impl, int opcode,
             String renamedTo, List<Type> implArgs) {
            this.className = className;
            this.iface = iface;
            this.samName = samName;
            this.indyDescriptor = indyDescriptor;
            this.sam = sam;
            this.impl = impl;
            this.opcode = opcode;
            this.renamedTo = renamedTo;
            this.implArgs = implArgs;
        }

        byte[] generate(int classVersion) {
            ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
            cw.visit(classVersion, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC, className, null,
                    "java/lang/Object", new String[] {iface.getInternalName()});
            Type[] captured = Type.getArgumentTypes(indyDescriptor);
            for (int i = 0; i < captured.length; i++) {
                FieldVisitor f = cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, "c" + i,
                        captured[i].getDescriptor(), null, null);
                f.visitEnd();
            }
            String constructor = Type.getMethodDescriptor(Type.VOID_TYPE, captured);

            MethodVisitor init = cw.visitMethod(Opcodes.ACC_PRIVATE, "<init>", constructor, null, null);
            init.visitCode();
            init.visitVarInsn(Opcodes.ALOAD, 0);
            init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
            int slot = 1;
            for (int i = 0; i < captured.length; i++) {
                init.visitVarInsn(Opcodes.ALOAD, 0);
                init.visitVarInsn(captured[i].getOpcode(Opcodes.ILOAD), slot);
                init.visitFieldInsn(Opcodes.PUTFIELD, className, "c" + i, captured[i].getDescriptor());
                slot += captured[i].getSize();
            }
            init.visitInsn(Opcodes.RETURN);
            init.visitMaxs(0, 0);
            init.visitEnd();

            MethodVisitor create = cw.visitMethod(Opcodes.ACC_STATIC, "create", indyDescriptor, null, null);
            create.visitCode();
            create.visitTypeInsn(Opcodes.NEW, className);
            create.visitInsn(Opcodes.DUP);
            slot = 0;
            for (Type t : captured) {
                create.visitVarInsn(t.getOpcode(Opcodes.ILOAD), slot);
                slot += t.getSize();
            }
            create.visitMethodInsn(Opcodes.INVOKESPECIAL, className, "<init>", constructor, false);
            create.visitInsn(Opcodes.ARETURN);
            create.visitMaxs(0, 0);
            create.visitEnd();

            MethodVisitor call = cw.visitMethod(Opcodes.ACC_PUBLIC, samName, sam.getDescriptor(), null, null);
            call.visitCode();
            int arg = 0;
            for (int i = 0; i < captured.length; i++, arg++) {
                call.visitVarInsn(Opcodes.ALOAD, 0);
                call.visitFieldInsn(Opcodes.GETFIELD, className, "c" + i, captured[i].getDescriptor());
                cast(call, captured[i], implArgs.get(arg));
            }
            slot = 1;
            for (Type t : sam.getArgumentTypes()) {
                call.visitVarInsn(t.getOpcode(Opcodes.ILOAD), slot);
                slot += t.getSize();
                cast(call, t, implArgs.get(arg++));
            }
            String name = renamedTo != null ? renamedTo : impl.getName();
            call.visitMethodInsn(opcode, impl.getOwner(), name, impl.getDesc(), opcode == Opcodes.INVOKEINTERFACE);
            Type implReturn = Type.getReturnType(impl.getDesc());
            Type samReturn = sam.getReturnType();
            if (samReturn.getSort() == Type.VOID) {
                if (implReturn.getSize() == 2) call.visitInsn(Opcodes.POP2);
                else if (implReturn.getSize() == 1) call.visitInsn(Opcodes.POP);
            } else {
                cast(call, implReturn, samReturn);
            }
            call.visitInsn(samReturn.getOpcode(Opcodes.IRETURN));
            call.visitMaxs(0, 0);
            call.visitEnd();
            cw.visitEnd();
            return cw.toByteArray();
        }

        private static void cast(MethodVisitor mv, Type from, Type to) {
            if (!from.equals(to) && (to.getSort() == Type.OBJECT || to.getSort() == Type.ARRAY)
                    && !to.getInternalName().equals("java/lang/Object")) {
                mv.visitTypeInsn(Opcodes.CHECKCAST, to.getInternalName());
            }
        }
    }
}
