package se.samverkan.cases.actionplan;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import se.samverkan.cases.config.CommitmentProperties;
import se.samverkan.cases.domain.CaseCommand.MarkCommitmentDueSoon;
import se.samverkan.cases.domain.CaseCommand.MarkCommitmentOverdue;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.projection.CommitmentSummaries;

import java.time.Clock;
import java.time.LocalDate;

/**
 * Turns commitments' due dates into reminders (issue 15): {@code SAMVERKAN_CASES_COMMITMENTS_REMINDERLEADDAYS}
 * ({@link CommitmentProperties}) before the due date a reminder, after it a notice. Whom they go to (the owner within a consent, otherwise the case team) is the
 * case's decision, taken when the mark is made; the aggregate ignores a repeated mark, so several instances may watch.
 */
@Component
public class CommitmentWatch {

    private static final Logger log = LoggerFactory.getLogger(CommitmentWatch.class);

    private final CommitmentSummaries summaries;
    private final CommandGateway commands;
    private final Clock clock;
    private final CommitmentProperties properties;

    public CommitmentWatch(CommitmentSummaries summaries, CommandGateway commands, Clock clock,
                           CommitmentProperties properties) {
        this.summaries = summaries;
        this.commands = commands;
        this.clock = clock;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${samverkan.cases.deadline-check-interval:1m}", initialDelayString = "9s")
    public void check() {
        LocalDate today = LocalDate.now(clock);
        for (CommitmentSummaries.Pending p : summaries.pendingBy(today.plusDays(properties.reminderLeadDays()))) {
            try {
                CaseId caseId = new CaseId(p.caseId());
                if (today.isAfter(p.dueOn())) {
                    commands.sendAndWait(new MarkCommitmentOverdue(caseId, p.commitmentId().toString(), null, clock.instant()));
                } else if (p.state().equals("OPEN")) {
                    commands.sendAndWait(new MarkCommitmentDueSoon(caseId, p.commitmentId().toString(), null, clock.instant()));
                }
            } catch (RuntimeException e) {
                log.warn("Commitment {} not marked yet, will retry: {}", p.commitmentId(), e.getClass().getSimpleName());
            }
        }
    }
}
