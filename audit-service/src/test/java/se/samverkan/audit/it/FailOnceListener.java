package se.samverkan.audit.it;

import org.springframework.boot.test.context.TestComponent;
import se.samverkan.audit.log.AppendListener;
import se.samverkan.audit.log.AppendedEntry;
import se.samverkan.contracts.cases.CaseTeamChanged;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Simulates a crash inside the append transaction: the first time an event names a team member "fail-once-*". */
@TestComponent
public class FailOnceListener implements AppendListener {

    private final Set<String> failed = ConcurrentHashMap.newKeySet();

    public boolean hasFailedFor(String member) {
        return failed.contains(member);
    }

    @Override
    public void appended(List<AppendedEntry> entries) {
        for (AppendedEntry appended : entries) {
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
