package se.samverkan.cases.casework;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.access.BreakGlassReason;

import static org.assertj.core.api.Assertions.assertThat;

class BreakGlassHeaderTest {

    @Test
    void aPercentEncodedReasonIsDecodedAsUtf8AndAnythingElseIsTakenAsItIs() {
        assertThat(CaseController.headerText("Jouren%20beh%C3%B6ver%20underlaget+i%20natt")).isEqualTo("Jouren behöver underlaget+i natt");
        assertThat(CaseController.headerText("Akut placering i natt")).isEqualTo("Akut placering i natt");
        assertThat(CaseController.headerText("100% s\u00e4ker, %zz")).isEqualTo("100% s\u00e4ker, %zz");
        assertThat(CaseController.headerText(null)).isNull();
    }

    @Test
    void aReasonIsWrittenTextAfterDecodingNotPaddingOrInvisibleCharacters() {
        assertThat(acceptable("Jouren%20beh%C3%B6ver%20underlaget%20i%20natt")).isTrue();
        // sixteen zero-width spaces and no-break spaces, percent-encoded as a client would send them
        assertThat(acceptable("%E2%80%8B".repeat(16))).isFalse();
        assertThat(acceptable("%C2%A0".repeat(16))).isFalse();
        assertThat(acceptable("%20".repeat(16))).isFalse();
        assertThat(acceptable("Jouren%E2%80%8Dbeh%C3%B6ver%20underlaget")).as("a zero-width joiner inside").isFalse();
        assertThat(acceptable("Jouren%E2%80%AEbeh%C3%B6ver%20underlaget")).as("a right-to-left override inside").isFalse();
        assertThat(acceptable("Jouren%0Abeh%C3%B6ver%20underlaget")).as("a line break inside").isFalse();
        assertThat(acceptable("%E3%85%A4".repeat(16))).as("Hangul fillers: letters that show nothing").isFalse();
        assertThat(acceptable("1234567890-1234567")).as("no letters").isFalse();
        assertThat(acceptable("Akut%20".repeat(101))).as("longer than the bound").isFalse();
    }

    @Test
    void theKeptReasonIsStrippedOfEverySpaceAroundItAndTheProblemSaysWhatToDo() {
        assertThat(BreakGlassReason.normalized("\u00a0 Jouren behöver underlaget \u2003\t")).isEqualTo("Jouren behöver underlaget");
        assertThat(BreakGlassReason.problem("kort")).hasValueSatisfying(p -> assertThat(p).contains("at least 15 characters"));
        assertThat(BreakGlassReason.problem("\u200b".repeat(20))).hasValueSatisfying(p -> assertThat(p).contains("invisible"));
        assertThat(BreakGlassReason.problem("x".repeat(501))).hasValueSatisfying(p -> assertThat(p).contains("500"));
        assertThat(BreakGlassReason.problem("x".repeat(500))).isEmpty();
    }

    private static boolean acceptable(String header) {
        return BreakGlassReason.isAcceptable(CaseController.headerText(header));
    }
}
