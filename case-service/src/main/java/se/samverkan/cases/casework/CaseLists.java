package se.samverkan.cases.casework;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import se.samverkan.cases.access.AccessGuard;
import se.samverkan.cases.access.AccessLog;
import se.samverkan.cases.access.AccessRequest;
import se.samverkan.cases.access.CaseFacts;
import se.samverkan.cases.access.Decision;
import se.samverkan.cases.access.VisiblePage;
import se.samverkan.cases.access.Operation;
import se.samverkan.contracts.CaseOrigin;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.problem.ClientProblem;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Case lists from the case_summary read model. Every row passes the same policy as a single read, so a list never
 * shows a case its caller could not open; each case shown is recorded as a metadata read. Lists come in pages (newest
 * change first, a keyset cursor to the next page) because every case shown is an access event: an unbounded list
 * would make one click cost hundreds of audit entries.
 */
@Component
public class CaseLists {

    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 200;

    public record Filter(String unit, Program program, String phase, String status, UUID subjectId, boolean mine) {
    }

    /** Where a page starts: strictly after (older than) this row. Written {@code <updatedAt>~<caseId>} in a query. */
    public record Cursor(Instant updatedAt, UUID caseId) {

        public static Cursor parse(String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            int tilde = text.indexOf('~');
            try {
                return new Cursor(Instant.parse(text.substring(0, tilde)), UUID.fromString(text.substring(tilde + 1)));
            } catch (RuntimeException e) {
                throw ClientProblem.badRequest("invalid-cursor",
                        "'before' must be the cursor of a previous page's Link header (<updatedAt>~<caseId>), was '" + text + "'");
            }
        }

        @Override
        public String toString() {
            return updatedAt + "~" + caseId;
        }
    }

    public record Page(List<CaseListItem> items, Cursor next) {
    }

    public static int pageSize(Integer requested) {
        if (requested == null) {
            return DEFAULT_PAGE;
        }
        if (requested < 1 || requested > MAX_PAGE) {
            throw ClientProblem.badRequest("invalid-page-size", "'limit' must be between 1 and " + MAX_PAGE + ", was " + requested);
        }
        return requested;
    }

    public record CaseListItem(UUID caseId, Program program, String municipality, String unit, String phase,
                               String status, CaseOrigin origin, UUID subjectId, ProtectedIdentity protectedIdentity,
                               List<String> team, Instant openedAt, Instant updatedAt, long version) {
    }

    private final JdbcClient jdbc;
    private final AccessGuard guard;
    private final se.samverkan.cases.application.CaseFiles files;
    private final java.time.Clock clock;

    public CaseLists(JdbcClient jdbc, AccessGuard guard, se.samverkan.cases.application.CaseFiles files, java.time.Clock clock) {
        this.jdbc = jdbc;
        this.guard = guard;
        this.files = files;
        this.clock = clock;
    }

    /**
     * A page of the cases the policy lets the actor see, newest change first. Rows the policy hides are skipped, so
     * the page is filled from as many rows as it takes, and the next page's cursor is the last case shown: a cursor
     * taken from a hidden row would hand the caller that case's id and time of change (a social worker listing
     * another unit's cases with {@code limit=1} was given one in every fourth row, and could step a cursor of her own
     * making to find the rest). There is a next page only when the policy shows at least one more case.
     */
    public Page list(Actor actor, Filter filter, int pageSize, Cursor before) {
        guard.gate(AccessRequest.withoutCase(actor, Operation.LIST_CASES), "Case list");
        VisiblePage.Page<Shown> page = VisiblePage.fill(pageSize, pageSize * 4, before, (from, n) -> rows(actor, filter, from, n),
                row -> new Cursor(row.item().updatedAt(), row.item().caseId()), row -> {
                    CaseFacts facts = row.facts();
                    if (!facts.municipality().equals(actor.municipality())) {
                        // another municipality's case shared with the reader's: whether a share names the reader and
                        // still holds today is read from the case itself (the read model only says it was shared with
                        // someone here)
                        facts = files.load(new se.samverkan.cases.domain.CaseId(facts.caseId()))
                                .map(file -> CaseFacts.of(file, java.time.LocalDate.now(clock))).orElse(facts);
                    }
                    AccessRequest request = AccessRequest.onCase(actor, Operation.LIST_CASES, facts);
                    Decision decision = guard.peek(request);
                    return decision.allowed()
                            ? Optional.of(new Shown(row.item(), new AccessLog.Access(request, decision, facts.caseId())))
                            : Optional.empty();
                });
        guard.recordAll(page.shown().stream().map(Shown::access).toList());
        List<CaseListItem> visible = page.shown().stream().map(Shown::item).toList();
        CaseListItem last = page.more() ? visible.getLast() : null;
        return new Page(visible, last == null ? null : new Cursor(last.updatedAt(), last.caseId()));
    }

    private record Shown(CaseListItem item, AccessLog.Access access) {
    }

    private List<Row> rows(Actor actor, Filter filter, Cursor before, int limit) {
        StringBuilder filters = new StringBuilder();
        List<Object[]> params = new ArrayList<>();
        params.add(new Object[]{"municipality", actor.municipality()});
        condition(filters, params, "unit", "unit = :unit", filter.unit());
        condition(filters, params, "program", "program = :program", filter.program() == null ? null : filter.program().name());
        condition(filters, params, "phase", "phase = :phase", filter.phase());
        condition(filters, params, "status", "status = :status", filter.status());
        condition(filters, params, "subjectId", "subject_id = :subjectId", filter.subjectId());
        condition(filters, params, "me", ":me = ANY(team)", filter.mine() ? actor.userId() : null);
        if (before != null) {
            filters.append(" AND (updated_at, case_id) < (:beforeUpdatedAt, :beforeCaseId)");
            params.add(new Object[]{"beforeUpdatedAt", java.sql.Timestamp.from(before.updatedAt())});
            params.add(new Object[]{"beforeCaseId", before.caseId()});
        }
        String newestFirst = " ORDER BY updated_at DESC, case_id DESC LIMIT " + limit;
        // the municipality's own cases and those shared with it, each read in order from its own index, then merged:
        // one condition with OR would scan and sort every case of the municipality on every list
        String listing = "SELECT * FROM ((SELECT * FROM case_summary WHERE municipality = :municipality" + filters + newestFirst + ")"
                + " UNION ALL (SELECT * FROM case_summary WHERE municipality <> :municipality"
                + " AND shared_with @> ARRAY[CAST(:municipality AS text)]" + filters + newestFirst + ")) listed" + newestFirst;
        JdbcClient.StatementSpec statement = jdbc.sql(listing);
        for (Object[] p : params) {
            statement = statement.param((String) p[0], p[1]);
        }
        return statement.query(CaseLists::row).list();
    }

    private record Row(CaseFacts facts, CaseListItem item) {
    }

    private static void condition(StringBuilder sql, List<Object[]> params, String name, String clause, Object value) {
        if (value != null) {
            sql.append(" AND ").append(clause);
            params.add(new Object[]{name, value});
        }
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        CaseFacts facts = CaseFacts.fromSummary(rs);
        CaseListItem item = new CaseListItem(facts.caseId(), facts.program(), facts.municipality(), facts.unit(),
                rs.getString("phase"), rs.getString("status"), CaseOrigin.valueOf(rs.getString("origin")), facts.subjectId(),
                facts.protectedIdentity(), facts.team(), rs.getTimestamp("opened_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getLong("version"));
        return new Row(facts, item);
    }
}
