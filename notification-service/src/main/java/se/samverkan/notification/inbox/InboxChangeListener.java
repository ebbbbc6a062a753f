package se.samverkan.notification.inbox;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import se.samverkan.notification.directory.UnitDirectory;
import se.samverkan.notification.unitinbox.UnitInbox;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Feeds this instance's SSE connections from PostgreSQL LISTEN/NOTIFY. The notification is sent in the ingest
 * transaction, so PostgreSQL delivers it only after the item committed, and to every instance: the one that consumed
 * the Kafka record need not be the one holding the user's connection.
 */
@Component
class InboxChangeListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxChangeListener.class);
    private static final int POLL_MILLIS = 500;

    private final DataSource dataSource;
    private final InboxStream stream;
    private volatile boolean running;
    private Thread worker;

    InboxChangeListener(DataSource dataSource, InboxStream stream) {
        this.dataSource = dataSource;
        this.stream = stream;
    }

    @Override
    public synchronized void start() {
        running = true;
        worker = Thread.ofPlatform().daemon().name("inbox-change-listener").start(this::listen);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (worker != null) {
            worker.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Scheduled(fixedDelayString = "${samverkan.notification.stream-heartbeat:PT25S}")
    void heartbeat() {
        stream.heartbeat();
    }

    private void listen() {
        long backoff = 500;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + Inbox.CHANNEL);
                    statement.execute("LISTEN " + UnitInbox.CHANNEL);
                    statement.execute("LISTEN " + UnitDirectory.SUSPENDED_CHANNEL);
                }
                if (!connection.getAutoCommit()) {
                    connection.commit();
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                backoff = 500;
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatch(notification.getName(), notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                log.warn("Lost the inbox change listener connection ({}); reconnecting in {} ms", e.getClass().getSimpleName(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    private void dispatch(String channel, String payload) {
        if (UnitDirectory.SUSPENDED_CHANNEL.equals(channel)) {
            stream.endSuspended(payload);
            return;
        }
        int space = payload.lastIndexOf(' ');
        if (space <= 0) {
            return;
        }
        try {
            String recipient = payload.substring(0, space);
            UUID itemId = UUID.fromString(payload.substring(space + 1));
            if (UnitInbox.CHANNEL.equals(channel)) {
                stream.publishUnit(recipient, itemId);
            } else {
                stream.publish(recipient, itemId);
            }
        } catch (RuntimeException e) {
            log.warn("Could not push an inbox item to its stream ({})", e.getClass().getSimpleName());
        }
    }
}
