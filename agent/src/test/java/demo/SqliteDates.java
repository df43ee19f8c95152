package demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * An application using the sqlite-jdbc driver bundled in the agent jar for its own data: it opens a connection, prints
 * a marker, then writes and reads back a date stored as text (which needs the connection's date format).
 */
public final class SqliteDates {
    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.setProperty("date_class", "TEXT");
        try (Connection c = new org.sqlite.SQLiteConfig(p).createConnection("jdbc:sqlite::memory:")) {
            System.out.println("connected");
            try (Statement s = c.createStatement()) {
                s.execute("create table t (d text)");
            }
            try (PreparedStatement ps = c.prepareStatement("insert into t values (?)")) {
                ps.setTimestamp(1, java.sql.Timestamp.valueOf("2026-12-07 10:11:12.345"));
                ps.executeUpdate();
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select d from t")) {
                rs.next();
                System.out.println("stored " + rs.getString(1));
                System.out.println("read " + rs.getTimestamp(1));
            }
        }
    }
}
