package se.samverkan.platform.observability.logs;

import java.sql.SQLException;
import java.util.Set;

/**
 * Which exception messages may reach a log line. A message is text someone else wrote about a failure, and the ones
 * that quote the data being handled are many: the driver's "invalid input syntax for type date: …", Jackson's
 * "Unrecognized token '…'", a deserializer's "Can't deserialize data [bytes]", a bean validation message, and every
 * wrapper whose message is its cause's {@code toString()}. So a message is withheld unless its type is one whose
 * messages describe a peer or a resource (a host, a port, a timeout, a broker) and never the data. A database error
 * keeps its SQLState, which says what kind of refusal it was without the value that was refused.
 */
final class WithheldMessages {

    private static final Set<String> PEER_PACKAGES = Set.of("java.net.", "javax.net.ssl.", "java.nio.channels.");
    private static final Set<String> PEER_TYPES = Set.of("java.util.concurrent.TimeoutException",
            "java.util.concurrent.RejectedExecutionException", "java.sql.SQLTransientConnectionException");
    private static final String KAFKA_ERRORS = "org.apache.kafka.common.errors.";
    // a (de)serializer's message may hold the record's bytes
    private static final String KAFKA_SERIALIZATION = "org.apache.kafka.common.errors.SerializationException";
    // connection exception, transaction rollback, insufficient resources, operator intervention, system error:
    // the server's words about itself, not about a row
    private static final Set<String> PEER_SQL_STATE_CLASSES = Set.of("08", "40", "53", "57", "58");

    private WithheldMessages() {
    }

    /** The message as it may be logged: the original, or a note that it was withheld (with the SQLState where there is one). */
    static String loggable(Throwable failure) {
        String message = failure.getMessage();
        String sqlState = failure instanceof SQLException sql ? sql.getSQLState() : null;
        if (message == null) {
            return sqlState == null ? null : "SQLState " + sqlState;
        }
        if (describesPeer(failure, sqlState)) {
            return message;
        }
        return sqlState == null ? "(message withheld)" : "(message withheld; SQLState " + sqlState + ")";
    }

    private static boolean describesPeer(Throwable failure, String sqlState) {
        if (sqlState != null) {
            return sqlState.length() == 5 && PEER_SQL_STATE_CLASSES.contains(sqlState.substring(0, 2));
        }
        String type = failure.getClass().getName();
        if (PEER_TYPES.contains(type) || PEER_PACKAGES.stream().anyMatch(type::startsWith)) {
            return true;
        }
        return type.startsWith(KAFKA_ERRORS) && !isA(failure.getClass(), KAFKA_SERIALIZATION);
    }

    private static boolean isA(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
