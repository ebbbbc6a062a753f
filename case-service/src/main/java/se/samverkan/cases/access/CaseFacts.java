package se.samverkan.cases.access;

import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseStatus;
import se.samverkan.cases.domain.ShareEnd;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.platform.identity.Actor;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the policy needs to know about a case, and nothing more. {@code partnerShares}: the case's shares with partner
 * units as of the day the facts were taken, each with why it no longer counts ({@code lapse}, null while it holds).
 */
public record CaseFacts(UUID caseId, UUID subjectId, Program program, String municipality, String unit,
                        List<String> team, List<String> sharedWith, ProtectedIdentity protectedIdentity, CaseStatus status,
                        List<ShareFacts> partnerShares) {

    /** One share as the policy sees it: with whom, for which coordinators and categories, and whether it holds today. */
    public record ShareFacts(String shareId, String partnerMunicipality, String partnerUnit, List<String> coordinators,
                             Set<DataCategory> dataCategories, ShareEnd lapse) {

        public boolean holds() {
            return lapse == null;
        }
    }

    public CaseFacts {
        partnerShares = partnerShares == null ? List.of() : List.copyOf(partnerShares);
    }

    /** Facts without partner shares: for read models and paths no partner takes (a partner then sees nothing). */
    public CaseFacts(UUID caseId, UUID subjectId, Program program, String municipality, String unit, List<String> team,
                     List<String> sharedWith, ProtectedIdentity protectedIdentity, CaseStatus status) {
        this(caseId, subjectId, program, municipality, unit, team, sharedWith, protectedIdentity, status, List.of());
    }

    /** Without a day the partner shares are left out, so no partner is granted anything on these facts. */
    public static CaseFacts of(CaseFile file) {
        return new CaseFacts(file.caseId().value(), file.subjectId().value(), file.program(), file.municipality(),
                file.unit(), file.team(), file.sharedWith(), file.protectedIdentity(), file.status());
    }

    /** The case as of {@code today} (the configured zone's), partner shares and whether each still holds included. */
    public static CaseFacts of(CaseFile file, LocalDate today) {
        List<ShareFacts> shares = file.partnerShares().stream().map(p -> new ShareFacts(p.shareId(), p.partnerMunicipality(),
                p.partnerUnit(), p.coordinators(), p.dataCategories(), file.shareLapse(p, today).orElse(null))).toList();
        return new CaseFacts(file.caseId().value(), file.subjectId().value(), file.program(), file.municipality(),
                file.unit(), file.team(), file.sharedWith(), file.protectedIdentity(), file.status(), shares);
    }

    /**
     * The facts the read model {@code case_summary} holds of a case (the current row of {@code rs}), for lists and for
     * a case that cannot be loaded: without partner shares, so no partner is granted anything on them.
     */
    public static CaseFacts fromSummary(ResultSet rs) throws SQLException {
        return new CaseFacts(rs.getObject("case_id", UUID.class), rs.getObject("subject_id", UUID.class),
                Program.valueOf(rs.getString("program")), rs.getString("municipality"), rs.getString("unit"),
                strings(rs.getArray("team")), strings(rs.getArray("shared_with")),
                ProtectedIdentity.valueOf(rs.getString("protected_identity")), CaseStatus.valueOf(rs.getString("status")));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Collections.unmodifiableList(Arrays.asList((String[]) array.getArray()));
    }

    public boolean onTeam(String userId) {
        return team.contains(userId);
    }

    public boolean isProtected() {
        return protectedIdentity != ProtectedIdentity.NONE;
    }

    /**
     * The share this actor is assigned to, as a coordinator of its partner unit: the one that holds if any, otherwise
     * the latest that named them (so a coordinator whose share ended learns why, instead of "not found").
     */
    public Optional<ShareFacts> shareAssignedTo(Actor actor) {
        List<ShareFacts> assigned = partnerShares.stream()
                .filter(s -> s.partnerMunicipality().equals(actor.municipality()) && s.partnerUnit().equals(actor.unit())
                        && s.coordinators().contains(actor.userId()))
                .toList();
        return assigned.stream().filter(ShareFacts::holds).findFirst()
                .or(() -> assigned.isEmpty() ? Optional.empty() : Optional.of(assigned.getLast()));
    }
}
