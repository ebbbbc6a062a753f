package se.samverkan.cases.deadlines;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import se.samverkan.cases.config.CaseServiceProperties;
import se.samverkan.cases.domain.CaseCommand;
import se.samverkan.cases.domain.CaseId;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Turns due dates into events. Deadlines live in the event store (and the case_deadline read model built from it),
 * so nothing is lost across restarts; the aggregate ignores a repeated mark, so several instances may watch at once.
 */
@Component
public class DeadlineWatch {

    private static final Logger log = LoggerFactory.getLogger(DeadlineWatch.class);

    private record Pending(UUID deadlineId, UUID caseId, LocalDate dueOn, String state) {
    }

    private final JdbcClient jdbc;
    private final CommandGateway commands;
    private final Clock clock;
    private final CaseServiceProperties properties;

    public DeadlineWatch(JdbcClient jdbc, CommandGateway commands, Clock clock, CaseServiceProperties properties) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.clock = clock;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${samverkan.cases.deadline-check-interval:1m}", initialDelayString = "5s")
    public void check() {
        LocalDate today = LocalDate.now(clock);
        var pending = jdbc.sql("""
                        SELECT d.deadline_id, d.case_id, d.due_on, d.state FROM case_deadline d
                        JOIN case_summary c ON c.case_id = d.case_id
                        WHERE d.state IN ('OPEN', 'APPROACHING') AND c.status = 'OPEN' AND d.due_on <= ?
                        ORDER BY d.due_on LIMIT 1000""")
                .param(Date.valueOf(today.plusDays(properties.deadlineWarningDays())))
                .query((rs, n) -> new Pending(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getDate(3).toLocalDate(), rs.getString(4)))
                .list();
        for (Pending p : pending) {
            try {
                CaseId caseId = new CaseId(p.caseId());
                if (today.isAfter(p.dueOn())) {
                    commands.sendAndWait(new CaseCommand.MarkDeadlineMissed(caseId, p.deadlineId().toString(), null, clock.instant()));
                } else if (p.state().equals("OPEN")) {
                    commands.sendAndWait(new CaseCommand.MarkDeadlineApproaching(caseId, p.deadlineId().toString(), null, clock.instant()));
                }
            } catch (RuntimeException e) {
                log.warn("Deadline {} not marked yet, will retry: {}", p.deadlineId(), e.getClass().getSimpleName());
            }
        }
    }
}
