package se.samverkan.platform.test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Makes PostgreSQL refuse a row that quotes a value (a not-null violation's DETAIL says "Failing row contains (…)"),
 * through a service's own pool, and returns every message of the exception chain: what would reach a log.
 */
public final class ServerErrorDetail {

    private ServerErrorDetail() {
    }

    /** @return the messages of the refusal, one per cause, joined by newlines */
    public static String refusalQuoting(DataSource dataSource, String value) {
        String table = "hygiene_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE " + table + " (a text NOT NULL, b text)");
            try {
                statement.execute("INSERT INTO " + table + " VALUES (NULL, '" + value.replace("'", "''") + "')");
            } catch (SQLException refused) {
                StringBuilder messages = new StringBuilder();
                for (Throwable t = refused; t != null; t = t.getCause()) {
                    messages.append(t).append('\n');
                }
                statement.execute("DROP TABLE " + table);
                return messages.toString();
            }
            throw new AssertionError("PostgreSQL took a NULL into a NOT NULL column");
        } catch (SQLException e) {
            throw new AssertionError("could not set up the refused insert", e);
        }
    }
}
