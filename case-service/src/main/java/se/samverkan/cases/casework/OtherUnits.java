package se.samverkan.cases.casework;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;

import java.util.List;

/**
 * "Confidential information exists": the other units of the municipality that hold a case of the same subject. Unit
 * codes only, no case ids or content; cleared cases no longer count.
 * <p>
 * Never an exit-program case nor a case of a protected identity: any social worker may open a case about anyone in
 * their own unit and read it, so a unit named here answers "is this person in the exit program" or "does a unit keep
 * this person's protected identity" for whoever asks. Those units find the other cases themselves; the hint runs the
 * other way only.
 */
@Component
class OtherUnits {

    private final JdbcClient jdbc;

    OtherUnits(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<String> of(CaseFile file) {
        return jdbc.sql("""
                        SELECT DISTINCT unit FROM case_summary
                        WHERE subject_id = ? AND municipality = ? AND unit <> ? AND cleared_on IS NULL
                          AND program <> ? AND protected_identity = ? ORDER BY unit""")
                .params(file.subjectId().value(), file.municipality(), file.unit(), Program.EXIT_PROGRAM.name(),
                        ProtectedIdentity.NONE.name())
                .query(String.class).list();
    }
}
