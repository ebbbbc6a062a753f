package se.samverkan.cases.domain;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.domain.ReportCaseChoice.OpenCase;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCaseChoiceTest {

    static final Instant EARLY = Instant.parse("2026-10-01T08:00:00Z");
    static final Instant LATE = Instant.parse("2026-11-20T08:00:00Z");

    @Test
    void noOpenCaseMeansANewIntake() {
        assertThat(ReportCaseChoice.choose(List.of())).isEmpty();
    }

    @Test
    void aCaseWithATeamIsChosenOverANewerUnassignedIntake() {
        OpenCase withTeam = new OpenCase(UUID.randomUUID(), true, EARLY);
        OpenCase intake = new OpenCase(UUID.randomUUID(), false, LATE);
        assertThat(ReportCaseChoice.choose(List.of(intake, withTeam))).contains(withTeam.caseId());
    }

    @Test
    void amongCasesAlikeTheLatestOpenedAndThenTheHighestIdIsChosenWhateverTheOrder() {
        OpenCase older = new OpenCase(UUID.randomUUID(), true, EARLY);
        OpenCase newer = new OpenCase(UUID.randomUUID(), true, LATE);
        assertThat(ReportCaseChoice.choose(List.of(newer, older))).contains(newer.caseId());
        assertThat(ReportCaseChoice.choose(List.of(older, newer))).contains(newer.caseId());
        UUID low = new UUID(0, 1);
        UUID high = new UUID(0, 2);
        assertThat(ReportCaseChoice.choose(List.of(new OpenCase(high, false, LATE), new OpenCase(low, false, LATE)))).contains(high);
        assertThat(ReportCaseChoice.choose(List.of(new OpenCase(low, false, LATE), new OpenCase(high, false, LATE)))).contains(high);
    }
}
