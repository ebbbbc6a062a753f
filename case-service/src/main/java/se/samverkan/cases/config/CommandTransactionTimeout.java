package se.samverkan.cases.config;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Lets PostgreSQL end a command's transaction that runs longer than
 * {@link EventStoreProperties#commandTransactionTimeout()}. Commands are the only writers of the event store, and the
 * processors give up a hole in its global index after the gap timeout: a command still open then could commit an
 * event no processor would read, one the audit log would never receive. The server enforces the bound (PostgreSQL 17+
 * {@code transaction_timeout}, local to this transaction), so neither a stuck thread nor a paused JVM outlives it.
 * Runs on the command bus after Axon started the unit of work's transaction; Axon's Spring Boot auto-configuration
 * registers the bean there (a handler interceptor bean).
 */
@Component
class CommandTransactionTimeout implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final JdbcClient jdbc;
    private final String timeout;

    CommandTransactionTimeout(JdbcClient jdbc, EventStoreProperties properties) {
        this.jdbc = jdbc;
        this.timeout = properties.commandTransactionTimeout().toMillis() + "ms";
        int version = jdbc.sql("SELECT current_setting('server_version_num')::int").query(Integer.class).single();
        if (version < MIN_SERVER_VERSION) {
            // an older server would refuse every command (the setting is unknown there): say so at start-up instead
            throw new IllegalStateException("case-service needs PostgreSQL 17 or later (transaction_timeout bounds its commands); "
                    + "the database runs version " + version / 10000);
        }
    }

    static final int MIN_SERVER_VERSION = 170000;

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain) throws Exception {
        if (unitOfWork.isRoot()
                && unitOfWork.resources().putIfAbsent(CommandTransactionTimeout.class.getName(), Boolean.TRUE) == null) {
            jdbc.sql("SELECT set_config('transaction_timeout', ?, true)").param(timeout).query(String.class).single();
        }
        return interceptorChain.proceed();
    }
}
