package se.samverkan.cases.application;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;
import se.samverkan.cases.config.CodeLists;
import se.samverkan.cases.access.AccessGuard;
import se.samverkan.cases.access.AccessRequest;
import se.samverkan.cases.access.CaseFacts;
import se.samverkan.cases.access.Operation;
import se.samverkan.cases.domain.CaseAnswer;
import se.samverkan.cases.domain.CaseCommand;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.platform.identity.Actor;

import java.util.function.Function;

/** The one path every case write takes: load, ask the policy (recorded), send the command, report the new version. */
@Component
public class CaseWrites {

    private final CaseFiles files;
    private final AccessGuard guard;
    private final CommandGateway commands;
    private final CodeLists codeLists;
    private final java.time.Clock clock;

    public CaseWrites(CaseFiles files, AccessGuard guard, CommandGateway commands, CodeLists codeLists,
                      java.time.Clock clock) {
        this.codeLists = codeLists;
        this.clock = clock;
        this.files = files;
        this.guard = guard;
        this.commands = commands;
    }

    public long write(Actor actor, CaseId caseId, Operation operation, Function<CaseFile, CaseCommand> command) {
        return write(authorize(actor, caseId, operation), command);
    }

    /** Loads the case and asks the policy (recorded); a refusal throws. The first half of {@link #write}. */
    public CaseFile authorize(Actor actor, CaseId caseId, Operation operation) {
        CaseFile file = load(actor, caseId, operation);
        guard.require(AccessRequest.onCase(actor, operation, CaseFacts.of(file, java.time.LocalDate.now(clock))),
                caseId.value(), null, "Case " + caseId);
        return file;
    }

    /** Sends the command to a case {@link #authorize} let the caller write to, and answers the new version. */
    public long write(CaseFile authorized, Function<CaseFile, CaseCommand> command) {
        return decide(authorized, command).version();
    }

    /**
     * What a write left: the case's version after it, and what the aggregate decided when its handler answers more
     * ({@link CaseAnswer}; null otherwise).
     */
    public record Written(long version, CaseAnswer decided) {
    }

    /** As {@link #write}, with what the aggregate decided. */
    public Written decide(CaseFile authorized, Function<CaseFile, CaseCommand> command) {
        CaseCommand change = command.apply(authorized);
        codeLists.requireKnown(change);
        // the aggregate answers its version after the change (CaseAggregate#answerWithVersion): no read after the commit
        Object answer = commands.sendAndWait(change);
        return switch (answer) {
            case Long version -> new Written(version, null);
            case CaseAnswer decided -> new Written(decided.version(), decided);
            case null, default -> new Written(files.currentVersion(authorized.caseId()), null);
        };
    }

    public CaseFile load(Actor actor, CaseId caseId, Operation operation) {
        return files.load(caseId).orElseThrow(() -> guard.missing(
                AccessRequest.unknownCase(actor, operation), caseId.value(), null, "Case " + caseId));
    }

    /** Every command passes here: units and municipalities it names must be configured codes (after the policy). */
    public void send(CaseCommand command) {
        codeLists.requireKnown(command);
        commands.sendAndWait(command);
    }
}
