package se.samverkan.cases.domain;

import com.code_intelligence.jazzer.junit.FuzzTest;
import se.samverkan.platform.problem.ClientProblem;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a client sends as a personal identity number, the parser answers with a valid number or a 400 problem that
 * does not quote what was sent (it may be a real number with one typo); a valid one reads back as itself and never
 * shows in {@code toString}. Fuzzed briefly in every build ({@code fuzz} execution, {@code -Dfuzz.duration=10m} for
 * longer).
 */
class PersonnummerFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void anyTextIsAValidNumberOrABadRequestThatDoesNotQuoteIt(String text) {
        Personnummer number;
        try {
            number = Personnummer.parse(text);
        } catch (ClientProblem refused) {
            assertThat(refused.status()).isEqualTo(400);
            String digits = text == null ? "" : text.replaceAll("\\D", "");
            if (digits.length() >= 6) {
                assertThat(refused.getMessage() + " " + refused.title()).doesNotContain(digits);
            }
            return;
        }
        assertThat(number.value()).matches("\\d{12}");
        assertThat(Personnummer.parse(number.value())).isEqualTo(number);
        assertThat(Personnummer.luhnValid(number.value().substring(2))).isTrue();
        assertThat(number.dateOfBirth()).isNotNull();
        assertThat(number.toString()).doesNotContain(number.value().substring(2, 8));
    }
}
