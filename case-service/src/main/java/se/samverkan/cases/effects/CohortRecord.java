package se.samverkan.cases.effects;

import se.samverkan.contracts.Program;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One cohort case as the figures count it, from its own facts alone (so clearing another case never changes it):
 * the young person's first case in a program, measured from its start. Spring-free.
 *
 * @param daysToFamilyContact null when there was none
 */
public record CohortRecord(Program program, LocalDate startedOn, String concernGroup, Integer daysToFamilyContact,
                           Integer daysToJointMeeting, boolean actionPlanAgreed, int commitmentsKept,
                           int commitmentsPartlyKept, int commitmentsNotKept, boolean newPoliceReportWithin6Months,
                           boolean newPoliceReportWithin12Months, String followUpStatus) {

    /** The concern group of a case with a narcotics concern, whatever else was reported. */
    public static final String NARCOTICS = "NARCOTICS";
    /** Several concern types, none of them narcotics. */
    public static final String MULTIPLE = "MULTIPLE";
    /** No report of the case named a concern type (police reports before concern types existed, own-initiative cases). */
    public static final String NOT_RECORDED = "NOT_RECORDED";

    /** A stored fact of one case, in the order it was stored. */
    public record StoredFact(FactKind kind, LocalDate on, String code, Set<String> concernTypes, String refKey) {
    }

    public static CohortRecord of(Program program, LocalDate startedOn, List<StoredFact> facts) {
        Set<String> concerns = new TreeSet<>();
        LocalDate firstContact = null;
        LocalDate firstMeeting = null;
        LocalDate firstNewReport = null;
        boolean plan = false;
        Map<String, FactKind> commitmentOutcomes = new LinkedHashMap<>();
        List<StoredFact> followUps = new ArrayList<>();
        for (StoredFact fact : facts) {
            switch (fact.kind()) {
                case REPORT_RECEIVED -> concerns.addAll(fact.concernTypes());
                case FAMILY_CONTACT -> firstContact = earlier(firstContact, fact.on());
                case JOINT_MEETING -> firstMeeting = earlier(firstMeeting, fact.on());
                case ACTION_PLAN_AGREED -> plan = true;
                case COMMITMENT_MADE -> commitmentOutcomes.putIfAbsent(key(fact), FactKind.COMMITMENT_MADE);
                // the latest follow-up of a commitment is its outcome (the owner's report, then the team's confirmation)
                case COMMITMENT_KEPT, COMMITMENT_PARTLY_KEPT, COMMITMENT_NOT_KEPT -> commitmentOutcomes.put(key(fact), fact.kind());
                case FOLLOW_UP_STATUS -> followUps.add(fact);
                case NEW_POLICE_REPORT -> firstNewReport = earlier(firstNewReport, fact.on());
            }
        }
        int kept = (int) commitmentOutcomes.values().stream().filter(k -> k == FactKind.COMMITMENT_KEPT).count();
        int partly = (int) commitmentOutcomes.values().stream().filter(k -> k == FactKind.COMMITMENT_PARTLY_KEPT).count();
        int notKept = (int) commitmentOutcomes.values().stream().filter(k -> k == FactKind.COMMITMENT_NOT_KEPT).count();
        // the latest by date; of one day, the one stored last
        String status = followUps.stream().max(Comparator.comparing(StoredFact::on)
                        .thenComparing(f -> followUps.indexOf(f)))
                .map(StoredFact::code).orElse(null);
        LocalDate newReport = firstNewReport;
        return new CohortRecord(program, startedOn, concernGroup(concerns), days(startedOn, firstContact),
                days(startedOn, firstMeeting), plan, kept, partly, notKept,
                newReport != null && !newReport.isAfter(startedOn.plusMonths(6)),
                newReport != null && !newReport.isAfter(startedOn.plusMonths(12)), status);
    }

    /** Narcotics on its own, whatever else was reported, so drug prevention can be followed separately. */
    public static String concernGroup(Set<String> concernTypes) {
        if (concernTypes.contains(NARCOTICS)) {
            return NARCOTICS;
        }
        if (concernTypes.isEmpty()) {
            return NOT_RECORDED;
        }
        return concernTypes.size() == 1 ? concernTypes.iterator().next() : MULTIPLE;
    }

    /** The record as histogram entries: measure and value, each counting this one person. */
    public Map<Measure, String> values() {
        Map<Measure, String> values = new LinkedHashMap<>();
        values.put(Measure.PEOPLE, Measure.ALL);
        values.put(Measure.FAMILY_CONTACT_DAYS, daysToFamilyContact == null ? Measure.NONE : daysToFamilyContact.toString());
        values.put(Measure.JOINT_MEETING_DAYS, daysToJointMeeting == null ? Measure.NONE : daysToJointMeeting.toString());
        values.put(Measure.ACTION_PLAN, actionPlanAgreed ? Measure.YES : Measure.NO);
        values.put(Measure.COMMITMENTS, commitmentsKept + ":" + commitmentsPartlyKept + ":" + commitmentsNotKept);
        values.put(Measure.NEW_POLICE_REPORT_6, newPoliceReportWithin6Months ? Measure.YES : Measure.NO);
        values.put(Measure.NEW_POLICE_REPORT_12, newPoliceReportWithin12Months ? Measure.YES : Measure.NO);
        values.put(Measure.FOLLOW_UP_STATUS, followUpStatus == null ? Measure.NONE : followUpStatus);
        return values;
    }

    /** The first day of the month the case started in: the finest cohort grain, so every period length is a union of months. */
    public LocalDate cohortMonth() {
        return startedOn.withDayOfMonth(1);
    }

    private static String key(StoredFact fact) {
        return fact.refKey() == null ? "" : fact.refKey();
    }

    private static LocalDate earlier(LocalDate current, LocalDate candidate) {
        return current == null || candidate.isBefore(current) ? candidate : current;
    }

    /** Days from the start; a date before it (recorded before the rule refused such dates) counts as day 0. */
    private static Integer days(LocalDate start, LocalDate milestone) {
        return milestone == null ? null : (int) Math.max(0, ChronoUnit.DAYS.between(start, milestone));
    }
}
