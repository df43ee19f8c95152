package org.sqlite;

import java.sql.Connection;
import java.util.Properties;

import org.sqlite.date.FastDateFormat;

/**
 * The agent jar's copy of sqlite-jdbc's per-connection settings, with one difference: the date format is built when a
 * connection first formats or parses a date, not when the settings are made.
 *
 * <p>sqlite-jdbc builds a {@link FastDateFormat} for every connection's settings, and the first one sets up a
 * {@code Calendar} and the locale's date symbols: about 70 ms of CPU (45 ms of wall) in a short autologged program,
 * for a format the tracking store never uses (it stores times as numbers). The shade step puts this class in place of
 * sqlite-jdbc's own (same package, same public and package-private members), and {@code SqliteConnectionConfigTest}
 * compares the two on the bundled sqlite-jdbc version, so an upgrade that changes the class fails the build.
 * Everything else behaves as sqlite-jdbc's class does, for the application's own use of the bundled driver as well.
 */
public class SQLiteConnectionConfig implements Cloneable {
    private SQLiteConfig.DateClass dateClass = SQLiteConfig.DateClass.INTEGER;
    private SQLiteConfig.DatePrecision datePrecision = SQLiteConfig.DatePrecision.MILLISECONDS;
    private String dateStringFormat = SQLiteConfig.DEFAULT_DATE_STRING_FORMAT;
    /** Built from {@link #dateStringFormat} on first use; {@code null} until then. */
    private volatile FastDateFormat dateFormat;
    private int transactionIsolation = Connection.TRANSACTION_SERIALIZABLE;
    private SQLiteConfig.TransactionMode transactionMode = SQLiteConfig.TransactionMode.DEFERRED;
    private boolean autoCommit = true;
    private boolean getGeneratedKeys = true;

    public static SQLiteConnectionConfig fromPragmaTable(Properties pragmaTable) {
        String dateClass = pragmaTable.getProperty(SQLiteConfig.Pragma.DATE_CLASS.pragmaName,
                SQLiteConfig.DateClass.INTEGER.name());
        String precision = pragmaTable.getProperty(SQLiteConfig.Pragma.DATE_PRECISION.pragmaName,
                SQLiteConfig.DatePrecision.MILLISECONDS.name());
        String format = pragmaTable.getProperty(SQLiteConfig.Pragma.DATE_STRING_FORMAT.pragmaName,
                SQLiteConfig.DEFAULT_DATE_STRING_FORMAT);
        String mode = pragmaTable.getProperty(SQLiteConfig.Pragma.TRANSACTION_MODE.pragmaName,
                SQLiteConfig.TransactionMode.DEFERRED.name());
        String generatedKeys = pragmaTable.getProperty(SQLiteConfig.Pragma.JDBC_GET_GENERATED_KEYS.pragmaName, "true");
        return new SQLiteConnectionConfig(SQLiteConfig.DateClass.getDateClass(dateClass),
                SQLiteConfig.DatePrecision.getPrecision(precision), format, Connection.TRANSACTION_SERIALIZABLE,
                SQLiteConfig.TransactionMode.getMode(mode), true, Boolean.parseBoolean(generatedKeys));
    }

    public SQLiteConnectionConfig(SQLiteConfig.DateClass dateClass, SQLiteConfig.DatePrecision datePrecision,
            String dateStringFormat, int transactionIsolation, SQLiteConfig.TransactionMode transactionMode,
            boolean autoCommit, boolean getGeneratedKeys) {
        setDateClass(dateClass);
        setDatePrecision(datePrecision);
        setDateStringFormat(dateStringFormat);
        setTransactionIsolation(transactionIsolation);
        setTransactionMode(transactionMode);
        setAutoCommit(autoCommit);
        setGetGeneratedKeys(getGeneratedKeys);
    }

    public SQLiteConnectionConfig copyConfig() {
        return new SQLiteConnectionConfig(dateClass, datePrecision, dateStringFormat, transactionIsolation,
                transactionMode, autoCommit, getGeneratedKeys);
    }

    public long getDateMultiplier() {
        return datePrecision == SQLiteConfig.DatePrecision.MILLISECONDS ? 1L : 1000L;
    }

    public SQLiteConfig.DateClass getDateClass() {
        return dateClass;
    }

    public void setDateClass(SQLiteConfig.DateClass dateClass) {
        this.dateClass = dateClass;
    }

    public SQLiteConfig.DatePrecision getDatePrecision() {
        return datePrecision;
    }

    public void setDatePrecision(SQLiteConfig.DatePrecision datePrecision) {
        this.datePrecision = datePrecision;
    }

    public String getDateStringFormat() {
        return dateStringFormat;
    }

    public synchronized void setDateStringFormat(String dateStringFormat) {
        this.dateStringFormat = dateStringFormat;
        this.dateFormat = null;
    }

    /** The format for {@link #getDateStringFormat()}, from sqlite-jdbc's shared cache of formats. */
    public FastDateFormat getDateFormat() {
        FastDateFormat format = dateFormat;
        if (format != null) return format;
        synchronized (this) {
            if (dateFormat == null) dateFormat = FastDateFormat.getInstance(dateStringFormat);
            return dateFormat;
        }
    }

    public boolean isAutoCommit() {
        return autoCommit;
    }

    public void setAutoCommit(boolean autoCommit) {
        this.autoCommit = autoCommit;
    }

    public int getTransactionIsolation() {
        return transactionIsolation;
    }

    public void setTransactionIsolation(int transactionIsolation) {
        this.transactionIsolation = transactionIsolation;
    }

    public SQLiteConfig.TransactionMode getTransactionMode() {
        return transactionMode;
    }

    public void setTransactionMode(SQLiteConfig.TransactionMode transactionMode) {
        this.transactionMode = transactionMode;
    }

    public boolean isGetGeneratedKeys() {
        return getGeneratedKeys;
    }

    public void setGetGeneratedKeys(boolean getGeneratedKeys) {
        this.getGeneratedKeys = getGeneratedKeys;
    }

    /** The statement that begins a transaction in {@link #getTransactionMode()}. */
    String transactionPrefix() {
        if (transactionMode == SQLiteConfig.TransactionMode.IMMEDIATE) return "begin immediate;";
        if (transactionMode == SQLiteConfig.TransactionMode.EXCLUSIVE) return "begin exclusive;";
        return transactionMode == SQLiteConfig.TransactionMode.DEFERRED ? "begin;" : null;
    }
}
