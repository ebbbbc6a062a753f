package se.samverkan.cases.partnership;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import se.samverkan.cases.domain.CaseCommand.EndLapsedPartnerShares;
import se.samverkan.cases.domain.CaseId;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Records the end of shares whose end date (or consent) ran out, and the expiry of share requests nobody approved
 * within their window (four eyes). The policy already refuses the partner from the first
 * day after (the lapse is read from the case at every access), so this only makes the end an event that the audit log,
 * the partner's coordinators and the read models hear of. A share's end date is never after its consent's, so the date
 * is enough to find them; the aggregate decides the reason. Repeats are harmless (nothing is left to end).
 */
@Component
public class ShareWatch {

    private static final Logger log = LoggerFactory.getLogger(ShareWatch.class);

    private final JdbcClient jdbc;
    private final CommandGateway commands;
    private final Clock clock;

    public ShareWatch(JdbcClient jdbc, CommandGateway commands, Clock clock) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${samverkan.cases.deadline-check-interval:1m}", initialDelayString = "7s")
    public void check() {
        LocalDate today = LocalDate.now(clock);
        var cases = jdbc.sql("""
                        SELECT DISTINCT case_id FROM case_partner_share
                        WHERE ended_on IS NULL AND (valid_until < ? OR awaiting_approval_until < ?) LIMIT 1000""")
                .param(Date.valueOf(today)).param(Date.valueOf(today))
                .query((rs, n) -> rs.getObject(1, UUID.class)).list();
        for (UUID caseId : cases) {
            try {
                commands.sendAndWait(new EndLapsedPartnerShares(new CaseId(caseId), null, clock.instant()));
            } catch (RuntimeException e) {
                log.warn("Lapsed shares of case {} not ended yet, will retry: {}", caseId, e.getClass().getSimpleName());
            }
        }
    }
}
