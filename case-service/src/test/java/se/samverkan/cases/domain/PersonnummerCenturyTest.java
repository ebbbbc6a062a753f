package se.samverkan.cases.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.samverkan.platform.test.TestPersonnummer;
import se.samverkan.platform.problem.ClientProblem;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The 10-digit forms with a century sign (Skatteverket, folkbokföringslagen 18 §): YYMMDD-NNNN for someone under 100
 * on the day of input, YYMMDD+NNNN from the year one turns 100. Both are held as 12 digits.
 */
class PersonnummerCenturyTest {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 2);

    @ParameterizedTest(name = "{0} on 2026-12-02 is born {1}")
    @CsvSource({
            // '-': under 100 today, so the latest date with those digits not after today
            "101203-, 2010-12-03",
            "261202-, 2026-12-02",   // born today
            "261203-, 1926-12-03",   // tomorrow in 2026 would be the future: 99 years old
            "000229-, 2000-02-29",
            "991231-, 1999-12-31",
            // '+': 100 or older, a century before the '-' reading
            "261202+, 1926-12-02",   // 100 today
            "261203+, 1826-12-03",   // turns 100 only tomorrow in 1926: the one before
            "201010+, 1920-10-10",
    })
    void theSignAndTheDayOfInputChooseTheCentury(String dateAndSign, LocalDate born) {
        String twelve = TestPersonnummer.bornOn(born);
        String ten = dateAndSign + twelve.substring(twelve.length() - 4);
        Personnummer parsed = Personnummer.parse(ten, TODAY);
        assertThat(parsed.dateOfBirth()).isEqualTo(born);
        assertThat(parsed.value()).isEqualTo(twelve.replace("-", ""));
    }

    @Test
    void aCoordinationNumberGetsItsCenturyFromTheRealDayOfBirth() {
        // born 1926-12-03 (day 63 as a samordningsnummer): with '-' the 99-year-old, not someone born tomorrow
        String twelve = TestPersonnummer.coordinationNumberBornOn(LocalDate.of(1926, 12, 3));
        Personnummer parsed = Personnummer.parse("261263-" + twelve.substring(twelve.length() - 4), TODAY);
        assertThat(parsed.isCoordinationNumber()).isTrue();
        assertThat(parsed.dateOfBirth()).isEqualTo(LocalDate.of(1926, 12, 3));
    }

    @Test
    void theTwelveDigitFormIsUnchangedAndTenDigitsWithoutASignOrWithABadCheckDigitAreRefused() {
        String twelve = TestPersonnummer.bornOn(LocalDate.of(2010, 3, 15));
        assertThat(Personnummer.parse(twelve, TODAY).value()).isEqualTo(twelve.replace("-", ""));
        String ten = twelve.substring(2);
        assertThatThrownBy(() -> Personnummer.parse(ten.replace("-", ""), TODAY)).isInstanceOf(ClientProblem.class)
                .hasMessageContaining("YYMMDD-NNNN");
        char last = ten.charAt(ten.length() - 1);
        String wrong = ten.substring(0, ten.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
        assertThatThrownBy(() -> Personnummer.parse(wrong, TODAY)).isInstanceOf(ClientProblem.class)
                .hasMessageContaining("check digit");
        assertThatThrownBy(() -> Personnummer.parse("101332-1234", TODAY)).isInstanceOf(ClientProblem.class)
                .hasMessageContaining("valid date");
    }
}
