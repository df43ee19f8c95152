package io.jmlflow.agent;

import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConnectionConfig;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/**
 * The agent's {@code org.sqlite.SQLiteConnectionConfig} stands in for sqlite-jdbc's own: same members, same values for
 * every setting, the date format only built later. Compared with the original class from the sqlite-jdbc jar the
 * agent bundles, so a sqlite-jdbc upgrade that changes it fails here.
 */
class SqliteConnectionConfigTest {
    private static final List<String[]> PRAGMAS = List.of(
            new String[] {},
            new String[] {"date_class", "TEXT", "date_precision", "SECONDS", "date_string_format", "yyyy/MM/dd HH:mm"},
            new String[] {"date_class", "real", "transaction_mode", "IMMEDIATE", "jdbc.get_generated_keys", "false"},
            new String[] {"transaction_mode", "exclusive"},
            new String[] {"transaction_mode", "DEFERRED", "date_precision", "MILLISECONDS"});

    private static Class<?> original() throws Exception {
        URL sqliteJdbc = org.sqlite.JDBC.class.getProtectionDomain().getCodeSource().getLocation();
        // Parent: the platform loader, for java.sql; sqlite-jdbc's classes come only from its own jar.
        ClassLoader isolated = new URLClassLoader(new URL[] {sqliteJdbc}, ClassLoader.getPlatformClassLoader());
        Class<?> c = Class.forName("org.sqlite.SQLiteConnectionConfig", false, isolated);
        assertNotSame(SQLiteConnectionConfig.class, c);
        return c;
    }

    private static TreeSet<String> members(Class<?> c) {
        TreeSet<String> out = new TreeSet<>();
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (!Modifier.isPrivate(k.getModifiers())) out.add("new" + Arrays.toString(k.getParameterTypes()));
        }
        for (Method m : c.getDeclaredMethods()) {
            if (Modifier.isPrivate(m.getModifiers()) || m.isSynthetic()) continue;
            out.add(Modifier.toString(m.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC))
                    + " " + m.getReturnType().getName() + " " + m.getName() + Arrays.toString(m.getParameterTypes()));
        }
        out.add("implements " + Arrays.toString(c.getInterfaces()) + " extends " + c.getSuperclass());
        return out;
    }

    @Test
    void hasTheSameMembersAsSqliteJdbcsClass() throws Exception {
        assertEquals(members(original()), members(SQLiteConnectionConfig.class));
    }

    @Test
    void everySettingHasTheValueSqliteJdbcGivesIt() throws Exception {
        Class<?> original = original();
        for (String[] pragma : PRAGMAS) {
            Properties p = new Properties();
            for (int i = 0; i < pragma.length; i += 2) p.setProperty(pragma[i], pragma[i + 1]);
            Object theirs = original.getMethod("fromPragmaTable", Properties.class).invoke(null, p);
            SQLiteConnectionConfig ours = SQLiteConnectionConfig.fromPragmaTable(p);
            assertEquals(settings(theirs), settings(ours), "pragmas " + p);
            assertEquals(settings(theirs.getClass().getMethod("copyConfig").invoke(theirs)),
                    settings(ours.copyConfig()), "copy, pragmas " + p);
        }
        Object theirs = original.getMethod("fromPragmaTable", Properties.class).invoke(null, new Properties());
        SQLiteConnectionConfig ours = SQLiteConnectionConfig.fromPragmaTable(new Properties());
        assertEquals("yyyy-MM-dd HH:mm:ss.SSS", ours.getDateFormat().getPattern());
        theirs.getClass().getMethod("setDateStringFormat", String.class).invoke(theirs, "dd.MM.yyyy");
        ours.setDateStringFormat("dd.MM.yyyy");
        assertEquals(settings(theirs), settings(ours));
        assertEquals("dd.MM.yyyy", ours.getDateFormat().getPattern());
    }

    /** Every getter's value, the date format's pattern, time zone and locale, and the transaction's begin statement. */
    private static String settings(Object config) throws Exception {
        StringBuilder b = new StringBuilder();
        for (String getter : List.of("getDateClass", "getDatePrecision", "getDateStringFormat", "getDateMultiplier",
                "isAutoCommit", "getTransactionIsolation", "getTransactionMode", "isGetGeneratedKeys")) {
            b.append(getter).append('=').append(config.getClass().getMethod(getter).invoke(config)).append(' ');
        }
        Object format = config.getClass().getMethod("getDateFormat").invoke(config);
        for (String getter : List.of("getPattern", "getTimeZone", "getLocale")) {
            b.append(getter).append('=').append(format.getClass().getMethod(getter).invoke(format)).append(' ');
        }
        Method prefix = config.getClass().getDeclaredMethod("transactionPrefix");
        prefix.setAccessible(true);
        return b.append("begin=").append(prefix.invoke(config)).toString();
    }
}
