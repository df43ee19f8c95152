package io.jmlflow.integrations.smile;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parameter names of Smile's methods, read from the class files' {@code LocalVariableTable}s (Smile is compiled with
 * debug information, not with {@code -parameters}); {@code arg0, arg1, ...} where that is missing. A small reader of
 * its own: parsing with Byte Buddy's type pool cost hundreds of milliseconds on the first call, this costs a few.
 * Each method is looked up once, the first time it trains.
 */
final class ParameterNames {
    private static final ClassValue<ConcurrentHashMap<String, String[]>> CACHE = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, String[]> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private ParameterNames() {
    }

    /** The parameter names of {@code type}'s static method {@code name} with JVM descriptor {@code descriptor}. */
    static String[] of(Class<?> type, String name, String descriptor, int count) {
        ConcurrentHashMap<String, String[]> byMethod = CACHE.get(type);
        String key = name + descriptor;
        String[] names = byMethod.get(key); // no lambda: this runs inside the training call
        if (names == null) {
            names = read(type, name, descriptor);
            String[] raced = byMethod.putIfAbsent(key, names);
            if (raced != null) names = raced;
        }
        if (names.length == count) return names;
        String[] out = new String[count];
        for (int i = 0; i < count; i++) out[i] = "arg" + i;
        return out;
    }

    private static String[] read(Class<?> type, String name, String descriptor) {
        ClassLoader loader = type.getClassLoader();
        if (loader == null) return new String[0];
        try (InputStream in = loader.getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            if (in == null) return new String[0];
            String[] names = staticMethodParameters(new DataInputStream(new BufferedInputStream(in)), name, descriptor);
            return names == null ? new String[0] : names;
        } catch (IOException | RuntimeException e) {
            return new String[0];
        }
    }

    /** Walks a class file (JVMS chapter 4) to the method's Code attribute and its LocalVariableTable. */
    static String[] staticMethodParameters(DataInputStream in, String name, String descriptor) throws IOException {
        if (in.readInt() != 0xCAFEBABE) return null;
        in.readUnsignedShort();
        in.readUnsignedShort();
        int constants = in.readUnsignedShort();
        String[] utf8 = new String[constants];
        for (int i = 1; i < constants; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++; // longs and doubles take two entries
                }
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                default -> {
                    return null;
                }
            }
        }
        in.skipNBytes(6);
        in.skipNBytes(2L * in.readUnsignedShort());
        int fields = in.readUnsignedShort();
        for (int f = 0; f < fields; f++) {
            in.skipNBytes(6);
            skipAttributes(in);
        }
        int methods = in.readUnsignedShort();
        for (int m = 0; m < methods; m++) {
            in.readUnsignedShort();
            String methodName = utf8[in.readUnsignedShort()];
            String methodDescriptor = utf8[in.readUnsignedShort()];
            if (!name.equals(methodName) || !descriptor.equals(methodDescriptor)) {
                skipAttributes(in);
                continue;
            }
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[in.readUnsignedShort()];
                long length = in.readInt() & 0xFFFFFFFFL;
                if (!"Code".equals(attribute)) {
                    in.skipNBytes(length);
                    continue;
                }
                return fromCode(in, utf8, slots(descriptor));
            }
            return null;
        }
        return null;
    }

    private static String[] fromCode(DataInputStream in, String[] utf8, int[] slots) throws IOException {
        in.skipNBytes(4);
        in.skipNBytes(in.readInt() & 0xFFFFFFFFL);
        in.skipNBytes(8L * in.readUnsignedShort());
        String[] names = new String[slots.length];
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            String attribute = utf8[in.readUnsignedShort()];
            long length = in.readInt() & 0xFFFFFFFFL;
            if (!"LocalVariableTable".equals(attribute)) {
                in.skipNBytes(length);
                continue;
            }
            int entries = in.readUnsignedShort();
            for (int e = 0; e < entries; e++) {
                int start = in.readUnsignedShort();
                in.readUnsignedShort();
                String variable = utf8[in.readUnsignedShort()];
                in.readUnsignedShort();
                int slot = in.readUnsignedShort();
                for (int p = 0; p < slots.length; p++) {
                    if (slots[p] == slot && start == 0 && names[p] == null) names[p] = variable;
                }
            }
        }
        for (int p = 0; p < names.length; p++) if (names[p] == null) names[p] = "arg" + p;
        return names;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.skipNBytes(2);
            in.skipNBytes(in.readInt() & 0xFFFFFFFFL);
        }
    }

    /** The local variable slot of each parameter of a static method: longs and doubles take two. */
    static int[] slots(String descriptor) {
        List<Integer> out = new ArrayList<>();
        int slot = 0;
        int i = 1;
        while (descriptor.charAt(i) != ')') {
            out.add(slot);
            char c = descriptor.charAt(i);
            slot += c == 'J' || c == 'D' ? 2 : 1;
            while (descriptor.charAt(i) == '[') i++;
            i = descriptor.charAt(i) == 'L' ? descriptor.indexOf(';', i) + 1 : i + 1;
        }
        int[] slots = new int[out.size()];
        for (int k = 0; k < slots.length; k++) slots[k] = out.get(k);
        return slots;
    }
}
