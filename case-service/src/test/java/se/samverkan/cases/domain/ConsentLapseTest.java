package se.samverkan.cases.domain;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.DataCategory;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The one consent-lapse rule (issue 11: no rule written twice), at its edges. */
class ConsentLapseTest {

    static final LocalDate FROM = LocalDate.of(2026, 11, 1);
    static final LocalDate UNTIL = LocalDate.of(2026, 11, 30);

    static Consent consent(LocalDate withdrawnOn) {
        return new Consent(new ConsentId(UUID.randomUUID()), List.of(), Agency.POLICE, "polisen-haninge", List.of(),
                Set.of(DataCategory.IDENTITY), FROM, UNTIL, "dok-1", withdrawnOn);
    }

    @Test
    void aConsentCountsOnEveryDayOfItsPeriodIncludingBothEnds() {
        assertThat(ConsentLapse.of(consent(null), FROM)).isEmpty();
        assertThat(ConsentLapse.of(consent(null), UNTIL)).isEmpty();
        assertThat(consent(null).isActiveOn(UNTIL)).isTrue();
    }

    @Test
    void beforeAndAfterItsPeriodItLapses() {
        assertThat(ConsentLapse.of(consent(null), FROM.minusDays(1))).contains(ConsentLapse.NOT_YET_VALID);
        assertThat(ConsentLapse.of(consent(null), UNTIL.plusDays(1))).contains(ConsentLapse.EXPIRED);
        assertThat(consent(null).isActiveOn(UNTIL.plusDays(1))).isFalse();
    }

    @Test
    void aWithdrawalOutweighsThePeriod() {
        assertThat(ConsentLapse.of(consent(FROM.plusDays(3)), FROM.plusDays(5))).contains(ConsentLapse.WITHDRAWN);
        assertThat(ConsentLapse.of(consent(FROM.plusDays(3)), UNTIL.plusDays(5))).contains(ConsentLapse.WITHDRAWN);
    }
}
