package se.samverkan.contracts.vocabulary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed vocabularies of the integration contracts, by the name of the field that carries them. The JSON Schemas
 * in this module constrain those fields to the same codes ({@code VocabularySchemasTest} keeps them equal).
 */
public final class Vocabularies {

    private static final Map<String, Class<? extends Enum<? extends Labelled>>> FIXED = new LinkedHashMap<>();

    static {
        FIXED.put("measureType", MeasureType.class);
        FIXED.put("outcome", CaseOutcome.class);
        FIXED.put("reasonCode", DeclineReason.class);
        FIXED.put("outcomeCode", ReferralOutcome.class);
        FIXED.put("purposes", ConsentPurpose.class);
        FIXED.put("reporterRole", ReporterRole.class);
        FIXED.put("concernTypes", ConcernType.class);
        FIXED.put("forwardingReason", ForwardingReason.class);
        FIXED.put("reportStatus", ReportStatus.class);
        // joint action plans (issue 15)
        FIXED.put("participantRole", ParticipantRole.class);
        FIXED.put("commitmentType", CommitmentType.class);
        FIXED.put("followUpOutcome", CommitmentOutcome.class);
        // issue 15, effects: the school or work status at follow-up (in the effect figures event, per status)
        FIXED.put("schoolWorkStatus", SchoolWorkStatus.class);
    }

    private Vocabularies() {
    }

    public static Map<String, Class<? extends Enum<? extends Labelled>>> fixed() {
        return java.util.Collections.unmodifiableMap(FIXED);
    }

    public static List<String> codes(Class<? extends Enum<?>> vocabulary) {
        return java.util.Arrays.stream(vocabulary.getEnumConstants()).map(Enum::name).toList();
    }

    /** True for a stored value that is a code of the vocabulary; older events may hold values that are not. */
    public static boolean isCode(Class<? extends Enum<?>> vocabulary, String value) {
        return value != null && codes(vocabulary).contains(value);
    }
}
