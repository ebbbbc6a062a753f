package se.samverkan.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where PostgreSQL's time went in the measured window: the statements that took the most execution time, from
 * pg_stat_statements (reset when the window opens, read when it closes), where the stack was started with
 * SAMVERKAN_LOCAL_PG_STATEMENTS=true. A statement's text is the SQL as a service wrote it: the services bind every
 * value ($1, $2 …), so what reaches the report is code, not a case's data. (PostgreSQL replaces constants too, but
 * only for statements it parses after the reset; a statement prepared before keeps its literals, e.g. 'UTF8'.)
 */
final class Statements {

    static final int SHOWN = 12;
    private static final int TEXT = 96;

    record Top(String database, long calls, double totalMillis, double meanMillis, long rows, double shareOfDatabase, String text) {
    }

    record Window(List<Top> top, Map<String, Double> millisPerDatabase) {
    }

    private final BenchSettings bench;
    private volatile String unavailable;

    Statements(BenchSettings bench) {
        this.bench = bench;
    }

    void start() {
        try (Connection admin = bench.superuser(); Statement sql = admin.createStatement()) {
            try (ResultSet loaded = sql.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'")) {
                if (!loaded.next()) {
                    unavailable = "not measured: start the stack with SAMVERKAN_LOCAL_PG_STATEMENTS=true";
                    return;
                }
            }
            sql.execute("SELECT pg_stat_statements_reset()");
        } catch (SQLException e) {
            unavailable = "not measured: " + e.getMessage();
        }
    }

    /** The window's figures, or null where they could not be had ({@link #report} says why). */
    Window stop() {
        if (unavailable != null) {
            return null;
        }
        try (Connection admin = bench.superuser(); Statement sql = admin.createStatement()) {
            Map<String, Double> perDatabase = new LinkedHashMap<>();
            try (ResultSet rows = sql.executeQuery("""
                    SELECT d.datname, sum(s.total_exec_time) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                    WHERE d.datname <> 'postgres' GROUP BY d.datname ORDER BY 2 DESC""")) {
                while (rows.next()) {
                    perDatabase.put(rows.getString(1), rows.getDouble(2));
                }
            }
            List<Top> top = new ArrayList<>();
            try (ResultSet rows = sql.executeQuery("""
                    SELECT d.datname, s.calls, s.total_exec_time, s.mean_exec_time, s.rows,
                           100 * s.total_exec_time / nullif(sum(s.total_exec_time) OVER (PARTITION BY d.datname), 0),
                           regexp_replace(s.query, '\\s+', ' ', 'g')
                    FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                    WHERE d.datname <> 'postgres' ORDER BY s.total_exec_time DESC LIMIT""" + " " + SHOWN)) {
                while (rows.next()) {
                    top.add(new Top(rows.getString(1), rows.getLong(2), rows.getDouble(3), rows.getDouble(4), rows.getLong(5),
                            rows.getDouble(6), rows.getString(7)));
                }
            }
            return new Window(top, perDatabase);
        } catch (SQLException e) {
            unavailable = "not measured: " + e.getMessage();
            return null;
        }
    }

    /** The window's table, or a row of the table saying why there is none (null: the window never closed). */
    String report(Window window) {
        if (window == null) {
            return "| where PostgreSQL's time went | " + (unavailable != null ? unavailable : "not measured") + " |\n";
        }
        StringBuilder out = new StringBuilder("\nWhere PostgreSQL's time went in the steady window (pg_stat_statements; the ")
                .append(SHOWN).append(" statements that took the most execution time):\n");
        out.append(String.format(Locale.ROOT, "%-22s %8s %10s %9s %9s %6s  %s%n", "database", "calls", "total ms", "mean ms", "rows",
                "share", "statement"));
        for (Top top : window.top()) {
            String text = top.text().strip();
            out.append(String.format(Locale.ROOT, "%-22s %8d %10.0f %9.3f %9d %5.0f%%  %s%n", top.database(), top.calls(),
                    top.totalMillis(), top.meanMillis(), top.rows(), top.shareOfDatabase(),
                    text.length() > TEXT ? text.substring(0, TEXT) + "…" : text));
        }
        out.append("execution time per database:");
        window.millisPerDatabase().forEach((database, millis) ->
                out.append(String.format(Locale.ROOT, " %s %.0f ms;", database, millis)));
        return out.append('\n').toString();
    }
}
