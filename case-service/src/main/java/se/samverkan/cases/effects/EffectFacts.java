package se.samverkan.cases.effects;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.cases.config.CaseServiceProperties;
import se.samverkan.cases.effects.CohortHistograms.Cell;
import se.samverkan.cases.effects.CohortRecord.StoredFact;
import se.samverkan.cases.effects.EffectSignal.CaseCleared;
import se.samverkan.cases.effects.EffectSignal.CaseStarted;
import se.samverkan.cases.effects.EffectSignal.Fact;
import se.samverkan.cases.effects.EffectSignal.ReportForwardedAway;
import se.samverkan.contracts.Program;

import java.sql.Array;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pseudonymous fact store of the effect figures (tables {@code effect_case}, {@code effect_fact},
 * {@code effect_folded}): written only by {@link EffectFactProjection}, read by {@link EffectFigures}. No case id,
 * no subject id and no text is stored, only keyed pseudonyms ({@link EffectPseudonyms}), days and codes.
 * <ul>
 *   <li>A young person's first case in a program is a <em>cohort case</em>. A case that starts within 12 months of
 *       the person's cohort case in the same program continues it and is not counted again, so within a calendar year
 *       (and any shorter period) each person is counted once: a cell's count is a count of people.</li>
 *   <li>A police report about the person, on whichever case it arrives, after a cohort case's start and within 12
 *       months of it is recorded on that cohort case as {@code NEW_POLICE_REPORT}, so every cohort case's figures
 *       come from its own facts.</li>
 *   <li>When retention clears a case, a cohort case's record is folded into {@code effect_folded} (counts per cohort
 *       month, concern group, measure and value) and its facts are deleted, as are a continuing case's.</li>
 * </ul>
 */
@Component
public class EffectFacts {

    /** How long after a cohort case's start a new case of the person continues it, and new police reports count. */
    static final int FOLLOW_MONTHS = 12;

    private final JdbcClient jdbc;
    private final EffectPseudonyms pseudonyms;

    public EffectFacts(JdbcClient jdbc, CaseServiceProperties properties) {
        this.jdbc = jdbc;
        this.pseudonyms = new EffectPseudonyms(java.util.Base64.getDecoder().decode(properties.subjectPseudonymKey()));
    }

    private record StoredCase(String caseKey, String personKey, String municipality, Program program, LocalDate startedOn,
                              String cohortCaseKey) {
    }

    public void apply(EffectSignal signal) {
        switch (signal) {
            case CaseStarted s -> start(s);
            case Fact f -> record(f);
            case ReportForwardedAway r -> takeBack(r);
            case CaseCleared c -> fold(pseudonyms.caseKey(c.caseId().toString()));
        }
    }

    private void start(CaseStarted s) {
        String person = pseudonyms.person(s.subjectId().value().toString());
        Optional<String> cohortCase = jdbc.sql("""
                        SELECT case_key FROM effect_case
                        WHERE person_key = ? AND municipality = ? AND program = ? AND cohort_case_key IS NULL
                          AND started_on <= ? AND started_on > ?
                        ORDER BY started_on LIMIT 1""")
                .params(person, s.municipality(), s.program().name(), Date.valueOf(s.on()),
                        Date.valueOf(s.on().minusMonths(FOLLOW_MONTHS)))
                .query(String.class).optional();
        jdbc.sql("""
                        INSERT INTO effect_case (case_key, person_key, municipality, program, started_on, cohort_case_key)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (case_key) DO NOTHING""")
                .params(pseudonyms.caseKey(s.caseId().toString()), person, s.municipality(), s.program().name(),
                        Date.valueOf(s.on()), cohortCase.orElse(null))
                .update();
    }

    private void record(Fact f) {
        String caseKey = pseudonyms.caseKey(f.caseId().toString());
        Optional<StoredCase> stored = storedCase(caseKey);
        if (stored.isEmpty()) {
            // a case folded already (cleared) takes no new facts; nor does one whose start this store never saw
            return;
        }
        String refKey = pseudonyms.ref(f.caseId().toString(), f.ref());
        insertFact(caseKey, f.kind(), f.on(), f.code(), f.concernTypes(), refKey);
        if (f.kind() == FactKind.REPORT_RECEIVED && EffectFactMapper.POLICE.equals(f.code())) {
            StoredCase reached = stored.get();
            for (StoredCase cohort : cohortCasesOf(reached.personKey(), reached.municipality(), f.on())) {
                if (f.on().isAfter(cohort.startedOn()) && !f.on().isAfter(cohort.startedOn().plusMonths(FOLLOW_MONTHS))) {
                    // the report's own ref key, so a report forwarded away takes this fact back with it
                    insertFact(cohort.caseKey(), FactKind.NEW_POLICE_REPORT, f.on(), null, Set.of(), refKey);
                }
            }
        }
    }

    /**
     * A misdirected report leaves the case: its facts go, wherever it left them. A case with no fact left was opened
     * for that report alone and never was this unit's case, so it leaves the cohort; the person's next case in the
     * program, if any continued it, becomes the cohort case and the others continue that one.
     */
    private void takeBack(ReportForwardedAway r) {
        String caseKey = pseudonyms.caseKey(r.caseId().toString());
        Optional<StoredCase> stored = storedCase(caseKey);
        if (stored.isEmpty()) {
            return;
        }
        jdbc.sql("DELETE FROM effect_fact WHERE ref_key = ?").param(pseudonyms.ref(r.caseId().toString(), r.reportId())).update();
        boolean factsLeft = jdbc.sql("SELECT EXISTS (SELECT 1 FROM effect_fact WHERE case_key = ?)").param(caseKey)
                .query(Boolean.class).single();
        if (factsLeft) {
            return;
        }
        if (stored.get().cohortCaseKey() == null) {
            Optional<String> successor = jdbc.sql("""
                            SELECT case_key FROM effect_case WHERE cohort_case_key = ? ORDER BY started_on, case_key LIMIT 1""")
                    .param(caseKey).query(String.class).optional();
            successor.ifPresent(next -> {
                jdbc.sql("UPDATE effect_case SET cohort_case_key = NULL WHERE case_key = ?").param(next).update();
                jdbc.sql("UPDATE effect_case SET cohort_case_key = ? WHERE cohort_case_key = ?").params(next, caseKey).update();
            });
        }
        jdbc.sql("DELETE FROM effect_case WHERE case_key = ?").param(caseKey).update();
    }

    private void insertFact(String caseKey, FactKind kind, LocalDate on, String code, Set<String> concernTypes, String refKey) {
        jdbc.sql("""
                        INSERT INTO effect_fact (case_key, kind, occurred_on, code, concern_types, ref_key)
                        VALUES (?, ?, ?, ?, ?, ?)""")
                .params(caseKey, kind.name(), Date.valueOf(on), code, concernTypes.stream().sorted().toArray(String[]::new), refKey)
                .update();
    }

    /** The person's cohort cases (every program) that could still be within their 12 months on {@code day}. */
    private List<StoredCase> cohortCasesOf(String personKey, String municipality, LocalDate day) {
        return jdbc.sql("""
                        SELECT case_key, person_key, municipality, program, started_on, cohort_case_key FROM effect_case
                        WHERE person_key = ? AND municipality = ? AND cohort_case_key IS NULL AND started_on < ? AND started_on >= ?""")
                .params(personKey, municipality, Date.valueOf(day), Date.valueOf(day.minusMonths(FOLLOW_MONTHS + 1)))
                .query(EffectFacts::storedCase).list();
    }

    private Optional<StoredCase> storedCase(String caseKey) {
        return jdbc.sql("SELECT case_key, person_key, municipality, program, started_on, cohort_case_key FROM effect_case WHERE case_key = ?")
                .param(caseKey).query(EffectFacts::storedCase).optional();
    }

    private static StoredCase storedCase(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new StoredCase(rs.getString(1), rs.getString(2), rs.getString(3), Program.valueOf(rs.getString(4)),
                rs.getDate(5).toLocalDate(), rs.getString(6));
    }

    /**
     * Retention cleared the case: a cohort case's record becomes counts in {@code effect_folded} (no pseudonym), and
     * the case's facts and pseudonyms are deleted. A case cleared again (another document type) finds nothing left.
     */
    private void fold(String caseKey) {
        Optional<StoredCase> stored = storedCase(caseKey);
        if (stored.isEmpty()) {
            return;
        }
        StoredCase c = stored.get();
        if (c.cohortCaseKey() == null) {
            CohortRecord record = CohortRecord.of(c.program(), c.startedOn(), facts(caseKey));
            record.values().forEach((measure, value) -> jdbc.sql("""
                            INSERT INTO effect_folded (municipality, program, cohort_month, concern_group, measure, value, people)
                            VALUES (?, ?, ?, ?, ?, ?, 1)
                            ON CONFLICT (municipality, program, cohort_month, concern_group, measure, value)
                            DO UPDATE SET people = effect_folded.people + 1""")
                    .params(c.municipality(), c.program().name(), Date.valueOf(record.cohortMonth()), record.concernGroup(),
                            measure.name(), value)
                    .update());
        }
        jdbc.sql("DELETE FROM effect_fact WHERE case_key = ?").param(caseKey).update();
        jdbc.sql("DELETE FROM effect_case WHERE case_key = ?").param(caseKey).update();
    }

    private List<StoredFact> facts(String caseKey) {
        return jdbc.sql("SELECT kind, occurred_on, code, concern_types, ref_key FROM effect_fact WHERE case_key = ? ORDER BY fact_id")
                .param(caseKey).query(EffectFacts::storedFact).list();
    }

    private static StoredFact storedFact(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Array array = rs.getArray(4);
        Set<String> concerns = array == null ? Set.of() : new LinkedHashSet<>(Arrays.asList((String[]) array.getArray()));
        return new StoredFact(FactKind.valueOf(rs.getString(1)), rs.getDate(2).toLocalDate(), rs.getString(3), concerns,
                rs.getString(5));
    }

    /** Everything the figures of a municipality rest on: its live cohort records and its folded aggregates, added up. */
    public CohortHistograms histograms(String municipality) {
        CohortHistograms histograms = new CohortHistograms();
        Map<String, List<StoredFact>> factsByCase = new HashMap<>();
        jdbc.sql("""
                        SELECT f.case_key, f.kind, f.occurred_on, f.code, f.concern_types, f.ref_key
                        FROM effect_fact f JOIN effect_case c ON c.case_key = f.case_key
                        WHERE c.municipality = ? AND c.cohort_case_key IS NULL ORDER BY f.fact_id""")
                .param(municipality)
                .query(rs -> {
                    Array array = rs.getArray(5);
                    Set<String> concerns = array == null ? Set.of() : new LinkedHashSet<>(Arrays.asList((String[]) array.getArray()));
                    factsByCase.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new StoredFact(
                            FactKind.valueOf(rs.getString(2)), rs.getDate(3).toLocalDate(), rs.getString(4), concerns, rs.getString(6)));
                });
        jdbc.sql("SELECT case_key, person_key, municipality, program, started_on, cohort_case_key FROM effect_case "
                        + "WHERE municipality = ? AND cohort_case_key IS NULL")
                .param(municipality).query(EffectFacts::storedCase).list()
                .forEach(c -> histograms.add(CohortRecord.of(c.program(), c.startedOn(), factsByCase.getOrDefault(c.caseKey(), List.of()))));
        jdbc.sql("SELECT program, cohort_month, concern_group, measure, value, people FROM effect_folded WHERE municipality = ?")
                .param(municipality)
                .query(rs -> {
                    histograms.add(new Cell(Program.valueOf(rs.getString(1)), rs.getDate(2).toLocalDate(), rs.getString(3)),
                            Measure.valueOf(rs.getString(4)), rs.getString(5), rs.getInt(6));
                });
        return histograms;
    }

    /** The municipalities with any cohort case, live or folded: those a monthly publication is made for. */
    public List<String> municipalities() {
        return jdbc.sql("SELECT municipality FROM effect_case UNION SELECT municipality FROM effect_folded ORDER BY 1")
                .query(String.class).list();
    }

    /** Replaying the event store rebuilds everything, folds included (the ids and days it needs are never sealed). */
    void reset() {
        jdbc.sql("DELETE FROM effect_fact").update();
        jdbc.sql("DELETE FROM effect_case").update();
        jdbc.sql("DELETE FROM effect_folded").update();
    }
}
