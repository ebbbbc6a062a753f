package se.samverkan.audit.it;

import org.springframework.boot.test.context.TestComponent;
import se.samverkan.audit.log.AppendListener;
import se.samverkan.audit.log.AppendedEntry;
import se.samverkan.contracts.cases.CaseTeamChanged;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Simulates a crash inside the append transaction: the first time an event names a team member "fail-once-*", or
 * the first time the refusal of a chosen record is appended.
 */
@TestComponent
public class FailOnceListener implements AppendListener {

    private final Set<String> failed = ConcurrentHashMap.newKeySet();

    public boolean hasFailedFor(String member) {
        return failed.contains(member);
    }

    private final Set<String> refusalsToFail = ConcurrentHashMap.newKeySet();

    /** The first append of the refusal of a record with this SHA-256 (hex) fails. */
    public void failOnceForRefusalOf(String valueSha256) {
        refusalsToFail.add(valueSha256);
    }

    @Override
    public void appended(List<AppendedEntry> entries) {
        for (AppendedEntry appended : entries) {
            if (se.samverkan.audit.log.Entries.FORGED_EVENT_REFUSED.equals(appended.entry().eventType())) {
                for (String hash : refusalsToFail) {
                    if (appended.entry().internalData().toString().contains(hash) && refusalsToFail.remove(hash)) {
                        failed.add(hash);
                        throw new IllegalStateException("simulated failure while appending a refusal");
                    }
                }
            }
            if (appended.entry().event() instanceof CaseTeamChanged changed && changed.team() != null) {
                for (String member : changed.team()) {
                    if (member.startsWith("fail-once-") && failed.add(member)) {
                        throw new IllegalStateException("simulated failure while appending");
                    }
                }
            }
        }
    }
}
