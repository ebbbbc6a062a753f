package se.samverkan.cases.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BreakGlassHeaderTest {

    @Test
    void aPercentEncodedReasonIsDecodedAsUtf8AndAnythingElseIsTakenAsItIs() {
        assertThat(CaseController.headerText("Jouren%20beh%C3%B6ver%20underlaget+i%20natt")).isEqualTo("Jouren behöver underlaget+i natt");
        assertThat(CaseController.headerText("Akut placering i natt")).isEqualTo("Akut placering i natt");
        assertThat(CaseController.headerText("100% s\u00e4ker, %zz")).isEqualTo("100% s\u00e4ker, %zz");
        assertThat(CaseController.headerText(null)).isNull();
    }
}
