package se.samverkan.cases.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param fetchDelay                how long the event store waits, with nothing committed on this instance, before it
 *                                  reads the store again for events another instance committed
 *                                  (SAMVERKAN_CASES_EVENTSTORE_FETCHDELAY). A commit on this instance wakes it at once;
 *                                  the wait bounds the delay before an event written by another replica reaches this
 *                                  instance's processors (its audit entry, its inbox item, the case list)
 * @param gapTimeout                how long a hole in the store's global index may stay open before the processors
 *                                  stop waiting for it (SAMVERKAN_CASES_EVENTSTORE_GAPTIMEOUT). A hole is an index a
 *                                  transaction took and has not committed yet, or never will (rolled back, refused as a
 *                                  concurrency conflict); the relay's position below the first hole bounds the
 *                                  publication manifests, so this is also how long one failed command can hold them back
 * @param commandTransactionTimeout the longest a command's transaction may run; PostgreSQL ends it beyond that
 *                                  (SAMVERKAN_CASES_EVENTSTORE_COMMANDTRANSACTIONTIMEOUT). An event committed after the
 *                                  processors gave up its hole would never be relayed: the gap timeout must outlast
 *                                  any command's transaction, see {@link #MIN_GAP_TIMEOUT_IN_COMMAND_TRANSACTIONS}
 */
@ConfigurationProperties("samverkan.cases.event-store")
public record EventStoreProperties(@DefaultValue("100ms") Duration fetchDelay,
                                   @DefaultValue("60s") Duration gapTimeout,
                                   @DefaultValue("20s") Duration commandTransactionTimeout) {

    /**
     * A hole is given up once the event after it is older than the gap timeout. That event's transaction ran at most
     * one command timeout after its timestamp, and the hole's transaction took its index before that and ran at most
     * one more: two command timeouts after the timestamp both are over. The third is margin for the clocks of
     * replicas that stamp events on different machines.
     */
    public static final int MIN_GAP_TIMEOUT_IN_COMMAND_TRANSACTIONS = 3;

    public EventStoreProperties {
        if (fetchDelay.toMillis() < 10) {
            throw new IllegalArgumentException("samverkan.cases.event-store.fetch-delay must be at least 10ms, not " + fetchDelay);
        }
        if (commandTransactionTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("samverkan.cases.event-store.command-transaction-timeout must be at least 1s, not "
                    + commandTransactionTimeout);
        }
        if (gapTimeout.compareTo(commandTransactionTimeout.multipliedBy(MIN_GAP_TIMEOUT_IN_COMMAND_TRANSACTIONS)) < 0) {
            throw new IllegalArgumentException("samverkan.cases.event-store.gap-timeout (" + gapTimeout + ") must be at least "
                    + MIN_GAP_TIMEOUT_IN_COMMAND_TRANSACTIONS + " times command-transaction-timeout (" + commandTransactionTimeout
                    + "): an event committed after its hole was given up would never be published");
        }
        if (gapTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("samverkan.cases.event-store.gap-timeout is too long: " + gapTimeout);
        }
    }
}
