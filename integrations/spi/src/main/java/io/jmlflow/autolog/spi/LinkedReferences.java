package io.jmlflow.autolog.spi;

import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.pool.TypePool;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape check the agent derives from an integration's own class files (what OpenTelemetry calls muzzle): every
 * type, method and field of the library that the integration's linked code refers to, collected by reading the
 * class files reachable from {@link Library#linkedRoot()} inside the integration's package, then looked up in the
 * library a class loader holds. So the check is exactly what the JVM would link, and cannot drift from the code.
 */
public final class LinkedReferences {
    private static final Set<String> OBJECT_METHODS = Set.of("equals", "hashCode", "toString", "getClass", "notify",
            "notifyAll", "wait", "clone", "finalize");

    /** Library type (internal name) -> the first class of ours that names it. */
    private final Map<String, String> types = new LinkedHashMap<>();
    /** "owner name descriptor" of library methods -> the first class of ours that calls it. */
    private final Map<String, String> methods = new LinkedHashMap<>();
    /** "owner name descriptor" of library fields -> the first class of ours that reads or writes it. */
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final String[] library;
    private final String[] optional;
    private final String own;

    private LinkedReferences(Library library, String ownPackage) {
        this.library = internal(library.packages());
        this.optional = internal(library.optionalPackages());
        this.own = ownPackage.replace('.', '/');
    }

    /**
     * The references of the code reachable from {@code library.linkedRoot()} through classes in {@code ownPackage}
     * ({@code "io.jmlflow.integrations.dl4j."}), read through {@code ours}; empty for a library reached by reflection.
     */
    public static LinkedReferences collect(Library library, String ownPackage, ClassLoader ours) throws IOException {
        LinkedReferences refs = new LinkedReferences(library, ownPackage);
        if (library.linkedRoot() == null) return refs;
        Deque<String> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.add(library.linkedRoot().replace('.', '/'));
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (!seen.add(name)) continue;
            byte[] bytes;
            try (InputStream in = ours.getResourceAsStream(name + ".class")) {
                if (in == null) throw new IOException("class file of " + name + " not found");
                bytes = in.readAllBytes();
            }
            new ClassReader(bytes).accept(refs.new Collector(name, todo),
                    ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
        }
        return refs;
    }

    /** How many library types, methods and fields were collected (for tests and messages). */
    public int size() {
        return types.size() + methods.size() + fields.size();
    }

    /** The collected references, one per line ({@code type|method|field owner [name descriptor] <- ours}). */
    public List<String> describe() {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        types.forEach((t, from) -> out.add("type " + t + " <- " + from));
        methods.forEach((m, from) -> out.add("method " + m + " <- " + from));
        fields.forEach((f, from) -> out.add("field " + f + " <- " + from));
        return out;
    }

    /** Null when {@code pool} (one class loader's classes) has everything referred to; else the first thing missing. */
    public String mismatch(TypePool pool) {
        for (Map.Entry<String, String> e : types.entrySet()) {
            if (!pool.describe(e.getKey().replace('/', '.')).isResolved()) return missing(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : methods.entrySet()) {
            String[] m = e.getKey().split(" ");
            String problem = checkMember(pool, m[0], m[1], m[2], true);
            if (problem != null) return problem + " (used by " + e.getValue().replace('/', '.') + ")";
        }
        for (Map.Entry<String, String> e : fields.entrySet()) {
            String[] f = e.getKey().split(" ");
            String problem = checkMember(pool, f[0], f[1], f[2], false);
            if (problem != null) return problem + " (used by " + e.getValue().replace('/', '.') + ")";
        }
        return null;
    }

    private static String missing(String type, String from) {
        return type.replace('/', '.') + " is missing (used by " + from.replace('/', '.') + ")";
    }

    private static String checkMember(TypePool pool, String owner, String name, String descriptor, boolean method) {
        String display = owner.replace('/', '.') + "." + name + (method ? descriptor : "");
        TypePool.Resolution r = pool.describe(owner.replace('/', '.'));
        if (!r.isResolved()) return owner.replace('/', '.') + " is missing";
        try {
            boolean found = method ? hasMethod(r.resolve(), name, descriptor, new HashSet<>())
                    : hasField(r.resolve(), name, descriptor, new HashSet<>());
            if (found || method && OBJECT_METHODS.contains(name)) return null;
            return display + " is missing";
        } catch (RuntimeException e) { // a supertype is missing: Byte Buddy throws when it is reached
            return display + " cannot be resolved: " + e.getMessage();
        }
    }

    /** JVM method resolution: the class and its superclasses, then all superinterfaces. */
    private static boolean hasMethod(TypeDefinition type, String name, String descriptor, Set<String> seen) {
        if (type == null || !seen.add(type.getTypeName())) return false;
        for (MethodDescription m : type.getDeclaredMethods()) {
            if (m.getInternalName().equals(name) && m.getDescriptor().equals(descriptor)) return true;
        }
        TypeDescription.Generic superClass = type.getSuperClass();
        if (superClass != null && hasMethod(superClass.asErasure(), name, descriptor, seen)) return true;
        for (TypeDescription i : type.getInterfaces().asErasures()) {
            if (hasMethod(i, name, descriptor, seen)) return true;
        }
        return false;
    }

    private static boolean hasField(TypeDefinition type, String name, String descriptor, Set<String> seen) {
        if (type == null || !seen.add(type.getTypeName())) return false;
        for (FieldDescription f : type.getDeclaredFields()) {
            if (f.getInternalName().equals(name) && f.getDescriptor().equals(descriptor)) return true;
        }
        for (TypeDescription i : type.getInterfaces().asErasures()) {
            if (hasField(i, name, descriptor, seen)) return true;
        }
        TypeDescription.Generic superClass = type.getSuperClass();
        return superClass != null && hasField(superClass.asErasure(), name, descriptor, seen);
    }

    private static String[] internal(List<String> packages) {
        String[] out = new String[packages.size()];
        for (int i = 0; i < out.length; i++) out[i] = packages.get(i).replace('.', '/');
        return out;
    }

    private boolean isLibrary(String internalName) {
        for (String o : optional) if (internalName.startsWith(o)) return false;
        for (String p : library) if (internalName.startsWith(p)) return true;
        return false;
    }

    /** Reads one class file of ours: records library references, queues our classes it names. */
    private final class Collector extends ClassVisitor {
        private final String self;
        private final Deque<String> todo;

        Collector(String self, Deque<String> todo) {
            super(Opcodes.ASM9);
            this.self = self;
            this.todo = todo;
        }

        /** A type named in a descriptor, an array or plain. */
        void type(Type t) {
            if (t.getSort() == Type.ARRAY) t = t.getElementType();
            if (t.getSort() == Type.OBJECT) typeName(t.getInternalName());
            else if (t.getSort() == Type.METHOD) {
                for (Type a : t.getArgumentTypes()) type(a);
                type(t.getReturnType());
            }
        }

        void typeName(String internalName) {
            if (internalName.startsWith("[")) {
                type(Type.getType(internalName));
            } else if (internalName.startsWith(own)) {
                todo.add(internalName);
            } else if (isLibrary(internalName)) {
                types.putIfAbsent(internalName, self);
            }
        }

        void member(Map<String, String> into, String owner, String name, String descriptor) {
            if (owner.startsWith("[")) return; // array methods (clone)
            typeName(owner);
            type(Type.getType(descriptor));
            if (isLibrary(owner)) into.putIfAbsent(owner + " " + name + " " + descriptor, self);
        }

        void constant(Object value) {
            if (value instanceof Type) type((Type) value);
            else if (value instanceof Handle) {
                Handle h = (Handle) value;
                boolean field = h.getTag() <= Opcodes.H_PUTSTATIC;
                member(field ? fields : methods, h.getOwner(), h.getName(), h.getDesc());
            }
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            if (superName != null) typeName(superName);
            if (interfaces != null) for (String i : interfaces) typeName(i);
        }

        @Override
        public void visitNestMember(String nestMember) {
            typeName(nestMember);
        }

        @Override
        public void visitInnerClass(String name, String outerName, String innerName, int access) {
            if (name.startsWith(own)) typeName(name);
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            type(Type.getType(descriptor));
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            type(Type.getMethodType(descriptor));
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitTypeInsn(int opcode, String type) {
                    typeName(type);
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String fieldName, String fieldDescriptor) {
                    member(fields, owner, fieldName, fieldDescriptor);
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String methodName, String methodDescriptor,
                                            boolean isInterface) {
                    member(methods, owner, methodName, methodDescriptor);
                }

                @Override
                public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap,
                                                   Object... arguments) {
                    type(Type.getMethodType(indyDescriptor));
                    for (Object a : arguments) constant(a);
                }

                @Override
                public void visitLdcInsn(Object value) {
                    constant(value);
                }

                @Override
                public void visitMultiANewArrayInsn(String arrayDescriptor, int dimensions) {
                    type(Type.getType(arrayDescriptor));
                }

                @Override
                public void visitTryCatchBlock(net.bytebuddy.jar.asm.Label start, net.bytebuddy.jar.asm.Label end,
                                               net.bytebuddy.jar.asm.Label handler, String type) {
                    if (type != null) typeName(type);
                }
            };
        }
    }
}
