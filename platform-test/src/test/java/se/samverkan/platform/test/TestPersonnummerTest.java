package se.samverkan.platform.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestPersonnummerTest {

    @Test
    void aRandomNumberOfADayIsNeverGivenTwiceNorTheDefaultOne() {
        LocalDate day = LocalDate.of(1950, 6, 17);
        String byDefault = TestPersonnummer.bornOn(day);
        Set<String> given = new HashSet<>();
        for (int i = 0; i < 999; i++) {
            assertThat(given.add(TestPersonnummer.anyBornOn(day))).isTrue();
        }
        assertThat(given).doesNotContain(byDefault).allMatch(n -> n.startsWith("19500617-"));
        assertThatThrownBy(() -> TestPersonnummer.anyBornOn(day)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFreshNumberIsNeitherGivenTwiceNorOneARandomCallGave() {
        Set<String> given = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            assertThat(given.add(TestPersonnummer.fresh())).isTrue();
        }
        LocalDate day = LocalDate.parse(given.iterator().next().substring(0, 8), java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        for (int i = 0; i < 50; i++) {
            assertThat(given).doesNotContain(TestPersonnummer.anyBornOn(day));
        }
    }
}
