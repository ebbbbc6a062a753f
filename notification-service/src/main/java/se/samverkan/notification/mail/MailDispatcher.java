package se.samverkan.notification.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;
import se.samverkan.notification.config.NotificationProperties;
import se.samverkan.notification.preferences.MailDelivery;
import se.samverkan.notification.routing.RoutingLookup;
import se.samverkan.notification.routing.StillHearsOfTheCase;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * Drains the mail outbox. A short transaction locks a batch of due deliveries and claims them for a lease
 * ({@link MailOutbox#claim}); then each mail is sent on its own and marked SENT in a statement of its own right after
 * the SMTP server accepted it. So only a crash in that instant can repeat a mail, and the stable Message-ID lets mail
 * clients drop such a duplicate. (The batch used to be sent inside its locking transaction: a dispatcher that died or
 * was stopped after some of its mails had gone out rolled back their SENT marks, and all of them went out again.)
 * Deliveries a dead dispatcher claimed and never sent are due again when the lease runs out. No connection to the
 * database is held while the SMTP server is talked to. Failures wait with exponential back-off; after the configured
 * attempts, or at once when the message can never be sent (a bad address), the delivery is FAILED. When the service
 * stops (SIGTERM), the mail under way is finished and the rest of the batch given back, due at once for whichever
 * instance runs next, instead of waiting out the lease.
 */
public class MailDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);

    private final MailOutbox outbox;
    private final JavaMailSender sender;
    private final TransactionTemplate transaction;
    private final NotificationProperties properties;
    private final Clock clock;
    private final RoutingLookup lookup;
    private volatile boolean started;
    private volatile boolean stopping;

    public MailDispatcher(MailOutbox outbox, JavaMailSender sender, TransactionTemplate transaction,
                          NotificationProperties properties, Clock clock, RoutingLookup lookup) {
        this.outbox = outbox;
        this.sender = sender;
        this.transaction = transaction;
        this.properties = properties;
        this.clock = clock;
        this.lookup = lookup;
    }

    /** Sends what is due, batch after batch, until nothing due is left. */
    public void dispatchDue() {
        int limit = properties.mail().batchSize();
        boolean more = !stopping;
        while (more) {
            long claimedAt = System.nanoTime();
            Claimed claimed = transaction.execute(status -> claimDue(limit));
            more = claimed != null && sendAll(claimed.sendable(), claimedAt) && claimed.locked() == limit && !stopping;
        }
    }

    /** What a batch locked (cancelled deliveries included, so that a full batch is known as one) and may send. */
    private record Claimed(int locked, List<MailOutbox.Due> sendable) {
    }

    private Claimed claimDue(int limit) {
        List<MailOutbox.Due> due = outbox.lockDue(limit);
        List<UUID> recipientGone = due.stream().filter(delivery -> delivery.email() == null).map(MailOutbox.Due::id).toList();
        if (!recipientGone.isEmpty()) {
            log.info("Mail delivery {} cancelled: the recipient is no longer active or has no address", recipientGone);
            outbox.cancel(recipientGone, "recipient inactive or without address when due");
        }
        // a mail about a case goes only to someone who may still hear of it: not to one taken off its team, moved to
        // another unit or no longer in the role she was told in since the item was made (the planner's rule, now), and
        // to nobody once the case's data was cleared (a case merely not routed yet holds nobody back)
        Map<String, List<UUID>> noLongerEntitled = new LinkedHashMap<>();
        List<MailOutbox.Due> sendable = new ArrayList<>();
        for (MailOutbox.Due delivery : due) {
            if (delivery.email() == null) {
                continue;
            }
            StillHearsOfTheCase.refusal(delivery.kind(), delivery.caseId(), delivery.recipientUserId(), lookup).ifPresentOrElse(
                    reason -> noLongerEntitled.computeIfAbsent(reason, r -> new ArrayList<>()).add(delivery.id()),
                    () -> sendable.add(delivery));
        }
        noLongerEntitled.forEach((reason, ids) -> {
            log.info("Mail delivery {} cancelled: {}", ids, reason);
            outbox.cancel(ids, reason);
        });
        outbox.claim(sendable.stream().map(MailOutbox.Due::id).toList(), properties.mail().claimLease());
        return new Claimed(due.size(), sendable);
    }

    /**
     * One mail at a time: each immediate delivery, then each recipient's digest. No send begins once a third of the
     * lease is gone (a slow SMTP server), so none can still be under way when the lease ends and another dispatcher
     * takes the delivery; the rest are given back.
     *
     * @return whether every claimed delivery was dealt with
     */
    private boolean sendAll(List<MailOutbox.Due> claimed, long claimedAt) {
        Map<String, List<MailOutbox.Due>> digests = new LinkedHashMap<>();
        List<List<MailOutbox.Due>> mails = new ArrayList<>();
        for (MailOutbox.Due delivery : claimed) {
            if (delivery.delivery() == MailDelivery.DAILY_DIGEST) {
                digests.computeIfAbsent(delivery.recipientUserId(), user -> new ArrayList<>()).add(delivery);
            } else {
                mails.add(List.of(delivery));
            }
        }
        mails.addAll(digests.values());
        long sendUntil = claimedAt + properties.mail().claimLease().toNanos() / 3;
        for (int i = 0; i < mails.size(); i++) {
            boolean late = System.nanoTime() - sendUntil > 0;
            if (late || stopping) {
                List<UUID> unsent = mails.subList(i, mails.size()).stream().flatMap(List::stream).map(MailOutbox.Due::id).toList();
                if (late) {
                    log.warn("Mail dispatch gave {} claimed deliveries back: a third of the claim lease ({}) went by before they were sent",
                            unsent.size(), properties.mail().claimLease());
                } else {
                    log.info("Mail dispatch gave {} claimed deliveries back: the service is stopping", unsent.size());
                }
                outbox.release(unsent);
                return false;
            }
            send(mails.get(i));
        }
        return true;
    }

    @Override
    public void start() {
        stopping = false;
        started = true;
    }

    /** Called before the scheduler and the database go away: the batch under way ends after its current mail. */
    @Override
    public void stop() {
        stopping = true;
    }

    @Override
    public boolean isRunning() {
        return started && !stopping;
    }

    private void send(List<MailOutbox.Due> deliveries) {
        List<UUID> ids = deliveries.stream().map(MailOutbox.Due::id).toList();
        int attempt = deliveries.stream().mapToInt(MailOutbox.Due::attempts).max().orElse(0) + 1;
        outbox.retarget(ids, deliveries.getFirst().email());
        try {
            sender.send(compose(deliveries));
        } catch (MailParseException | MailPreparationException e) {
            fail(ids, attempt, e);
            return;
        } catch (MailException e) {
            if (causedByBadAddress(e)) {
                fail(ids, attempt, e);
            } else if (attempt >= properties.mail().maxAttempts()) {
                fail(ids, attempt, e);
            } else {
                Duration wait = backoff(attempt);
                // ids only: the exception text may quote the recipient's address
                log.warn("Mail delivery {} attempt {} failed ({}); next try in {}", ids, attempt, e.getClass().getSimpleName(), wait);
                outbox.markRetry(ids, clock.instant().plus(wait), describe(e));
            }
            return;
        }
        // outside the try: a database failure here must not be taken for the SMTP server's and retried as a mail
        outbox.markSent(ids);
    }

    private void fail(List<UUID> ids, int attempt, Exception e) {
        log.error("Mail delivery {} FAILED after {} attempt(s) ({}); once the cause is fixed, an administrator can send it"
                + " again (POST /api/mail/deliveries/{id}/retry)", ids, attempt, e.getClass().getSimpleName());
        outbox.markFailed(ids, describe(e));
    }

    Duration backoff(int attempt) {
        Duration initial = properties.mail().initialBackoff();
        Duration max = properties.mail().maxBackoff();
        long factor = 1L << Math.min(attempt - 1, 20);
        Duration wait = initial.multipliedBy(factor);
        return wait.compareTo(max) > 0 ? max : wait;
    }

    private MimeMessage compose(List<MailOutbox.Due> deliveries) {
        boolean single = deliveries.size() == 1 && deliveries.getFirst().delivery() == MailDelivery.IMMEDIATE;
        String messageId = "<" + (single ? deliveries.getFirst().notificationId()
                : UUID.nameUUIDFromBytes(deliveries.stream().map(d -> d.notificationId().toString()).sorted()
                .reduce("", String::concat).getBytes(StandardCharsets.UTF_8))) + "@notification.samverkan>";
        try {
            MimeMessage message = new StableIdMimeMessage(session(), messageId);
            message.setFrom(new InternetAddress(properties.mail().from()));
            message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(deliveries.getFirst().email(), true));
            if (single) {
                MailOutbox.Due delivery = deliveries.getFirst();
                message.setSubject("Samverkan: " + delivery.kindTitle(), "UTF-8");
                message.setText(delivery.message() + "\n\n" + open(delivery.link()) + footer(), "UTF-8");
            } else {
                message.setSubject("Samverkan: " + deliveries.size() + " new notification(s) since the last digest", "UTF-8");
                StringBuilder body = new StringBuilder("Your daily Samverkan digest:\n\n");
                deliveries.forEach(d -> body.append("- ").append(d.kindTitle()).append(": ").append(d.message()).append('\n')
                        .append("  ").append(open(d.link())).append("\n\n"));
                message.setText(body + footer().strip(), "UTF-8");
            }
            message.setSentDate(Date.from(clock.instant()));
            return message;
        } catch (AddressException e) {
            throw new MailParseException("invalid recipient or sender address", e);
        } catch (MessagingException e) {
            throw new MailPreparationException("could not compose the mail", e);
        }
    }

    private String open(String link) {
        return link == null ? "Sign in to Samverkan to see your inbox." : "Open: " + properties.absoluteLink(link);
    }

    private static String footer() {
        return "\n\n--\nThis message says only that something happened; sign in to Samverkan to see more."
                + "\nChoose which notifications reach you by e-mail at /api/preferences.";
    }

    private Session session() {
        return sender instanceof JavaMailSenderImpl impl ? impl.getSession() : Session.getInstance(new Properties());
    }

    private static boolean causedByBadAddress(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof AddressException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Exception e) {
        String text = e.getClass().getSimpleName();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            text += " caused by " + root.getClass().getSimpleName();
        }
        return text;
    }

    /** JavaMail replaces Message-ID on every save; a stable one lets a receiver recognise a repeat. */
    private static final class StableIdMimeMessage extends MimeMessage {
        private final String messageId;

        StableIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
