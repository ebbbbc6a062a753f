package se.samverkan.cases.retention;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.domain.DocumentType;
import se.samverkan.contracts.Program;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionRulesTest {

    static final LocalDate CLOSED = LocalDate.of(2026, 3, 31);

    @Test
    void byDefaultEveryDocumentTypeIsClearedFiveYearsAfterClosing() {
        RetentionRules rules = properties(null, null, null).rules();
        for (DocumentType type : DocumentType.values()) {
            assertThat(rules.clearingDate(Program.RAPID_INTERVENTION, type, CLOSED)).as(type.name())
                    .isEqualTo(LocalDate.of(2031, 3, 31));
        }
    }

    @Test
    void theMostSpecificRuleWins() {
        RetentionRules rules = properties(Map.of(Program.EXIT_PROGRAM, 3), Map.of(DocumentType.JOURNAL, 10),
                Map.of(Program.EXIT_PROGRAM, Map.of(DocumentType.JOURNAL, 2))).rules();

        assertThat(rules.clearingDate(Program.EXIT_PROGRAM, DocumentType.JOURNAL, CLOSED)).as("program and type")
                .isEqualTo(LocalDate.of(2028, 3, 31));
        assertThat(rules.clearingDate(Program.RAPID_INTERVENTION, DocumentType.JOURNAL, CLOSED)).as("type")
                .isEqualTo(LocalDate.of(2036, 3, 31));
        assertThat(rules.clearingDate(Program.EXIT_PROGRAM, DocumentType.IDENTITY, CLOSED)).as("program")
                .isEqualTo(LocalDate.of(2029, 3, 31));
        assertThat(rules.clearingDate(Program.RAPID_INTERVENTION, DocumentType.IDENTITY, CLOSED)).as("default")
                .isEqualTo(LocalDate.of(2031, 3, 31));
    }

    @Test
    void aPeriodUnderOneYearIsRefusedAtStartup() {
        assertThatThrownBy(() -> properties(null, Map.of(DocumentType.JOURNAL, 0), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> properties(null, null, Map.of(Program.EXIT_PROGRAM, Map.of(DocumentType.OTHER, 0))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void documentTypeOverridesBindFromEnvironmentVariables() {
        var environment = new org.springframework.core.env.SystemEnvironmentPropertySource(
                org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "SAMVERKAN_CASES_RETENTION_YEARSBYDOCUMENTTYPE_JOURNAL", "10",
                "SAMVERKAN_CASES_RETENTION_DEFAULTYEARS", "6"));
        RetentionProperties bound = new org.springframework.boot.context.properties.bind.Binder(
                org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(environment))
                .bindOrCreate("samverkan.cases.retention", RetentionProperties.class);

        assertThat(bound.yearsByDocumentType()).containsEntry(DocumentType.JOURNAL, 10);
        assertThat(bound.rules().years(Program.RAPID_INTERVENTION, DocumentType.JOURNAL)).isEqualTo(10);
        assertThat(bound.rules().years(Program.RAPID_INTERVENTION, DocumentType.IDENTITY)).isEqualTo(6);
    }

    @Test
    void theResearchSampleIsChosenByDayOfBirth() {
        RetentionRules rules = properties(null, null, null).rules();
        assertThat(rules.keptForResearch(LocalDate.of(2010, 3, 15))).isTrue();
        assertThat(rules.keptForResearch(LocalDate.of(2010, 3, 16))).isFalse();
        assertThat(rules.keptForResearch(null)).isFalse();
    }

    private static RetentionProperties properties(Map<Program, Integer> byProgram, Map<DocumentType, Integer> byType,
                                                  Map<Program, Map<DocumentType, Integer>> byBoth) {
        return new RetentionProperties(5, byProgram, byType, byBoth, List.of(5, 15, 25), true, java.time.Duration.ofHours(6));
    }
}
