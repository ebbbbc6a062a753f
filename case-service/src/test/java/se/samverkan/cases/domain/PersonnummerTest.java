package se.samverkan.cases.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import se.samverkan.platform.problem.ClientProblem;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonnummerTest {

    @Test
    void normalisesAndKnowsTheDateOfBirth() {
        Personnummer pnr = Personnummer.parse("20100315-9124");
        assertThat(pnr.value()).isEqualTo("201003159124");
        assertThat(pnr.dateOfBirth()).isEqualTo(LocalDate.of(2010, 3, 15));
        assertThat(pnr.isMinorOn(LocalDate.of(2026, 11, 25))).isTrue();
        assertThat(pnr.isCoordinationNumber()).isFalse();
        assertThat(pnr.toString()).doesNotContain("9124");
    }

    @Test
    void acceptsACoordinationNumberWithDayPlusSixty() {
        // 2010-03-15 as samordningsnummer: day 75; check digit computed by Luhn over 1003759120 -> 1003759XXC
        String base = "100375912";
        int check = luhnCheckDigit(base);
        Personnummer number = Personnummer.parse("20" + base.substring(0, 6) + "-" + base.substring(6) + check);
        assertThat(number.isCoordinationNumber()).isTrue();
        assertThat(number.dateOfBirth()).isEqualTo(LocalDate.of(2010, 3, 15));
    }

    @ParameterizedTest
    @ValueSource(strings = {"20100315-9125", "20101315-9124", "20100231-9124", "2010031591", "abc", "20100315 9124"})
    void refusesWrongNumbers(String text) {
        assertThatThrownBy(() -> Personnummer.parse(text)).isInstanceOf(ClientProblem.class)
                .satisfies(e -> assertThat(((ClientProblem) e).status()).isEqualTo(400));
    }

    private static int luhnCheckDigit(String nineDigits) {
        for (int digit = 0; digit < 10; digit++) {
            if (Personnummer.luhnValid(nineDigits + digit)) {
                return digit;
            }
        }
        throw new AssertionError();
    }
}
