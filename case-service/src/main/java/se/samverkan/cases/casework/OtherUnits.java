package se.samverkan.cases.casework;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.cases.domain.CaseFile;

import java.util.List;

/**
 * "Confidential information exists": the other units of the municipality that hold a case of the same subject. Unit
 * codes only, no case ids or content; cleared cases no longer count.
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
                        WHERE subject_id = ? AND municipality = ? AND unit <> ? AND cleared_on IS NULL ORDER BY unit""")
                .params(file.subjectId().value(), file.municipality(), file.unit())
                .query(String.class).list();
    }
}
