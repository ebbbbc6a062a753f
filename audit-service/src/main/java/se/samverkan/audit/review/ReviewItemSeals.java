package se.samverkan.audit.review;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import se.samverkan.audit.log.AuditProperties;
import se.samverkan.audit.log.KeyedSeal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * The seal the sequencer writes with each review item: a {@link KeyedSeal} over every column, under a key of its own
 * derived from the checkpoint signing key, which the database never holds. {@link ReviewQueueIntegrity} checks them.
 */
@Component
public class ReviewItemSeals {

    private static final String KEY_LABEL = "samverkan review item seal v1";

    private final KeyedSeal key;

    @Autowired
    public ReviewItemSeals(AuditProperties properties) {
        this(Objects.requireNonNull(properties.signingKey(), "samverkan.audit.signing-key").getBytes(StandardCharsets.UTF_8));
    }

    public ReviewItemSeals(byte[] signingKey) {
        key = new KeyedSeal(signingKey, KEY_LABEL);
    }

    /** The item's columns as stored; {@code raisedAt} to the microsecond, as PostgreSQL keeps it. */
    public record Item(UUID id, String rule, UUID caseId, String owningUnit, String municipality, String actorId,
                       UUID sourceEventId, long sourceLeafIndex, String detail, Instant raisedAt, String groupKey) {

        public Item {
            raisedAt = raisedAt.truncatedTo(ChronoUnit.MICROS);
        }
    }

    /** The columns a seal covers, then the seal, as {@link #item} reads them (qualified by the table alias {@code r}). */
    static final String COLUMNS = """
            r.id, r.rule, r.case_id, r.owning_unit, r.municipality, r.actor_id, r.source_event_id, r.source_leaf_index,
            r.detail, r.raised_at, r.group_key, r.seal""";

    /** The item of a row that selected {@link #COLUMNS} first. */
    static Item item(ResultSet rs) throws SQLException {
        return new Item(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getObject(7, UUID.class), rs.getLong(8), rs.getString(9),
                rs.getTimestamp(10).toInstant(), rs.getString(11));
    }

    /** The seal of a row that selected {@link #COLUMNS} first. */
    static byte[] sealOf(ResultSet rs) throws SQLException {
        return rs.getBytes(12);
    }

    public byte[] seal(Item item) {
        return key.seal(item.id(), item.rule(), item.caseId(), item.owningUnit(), item.municipality(), item.actorId(),
                item.sourceEventId(), item.sourceLeafIndex(), item.detail(), item.raisedAt(), item.groupKey());
    }

    boolean ofThisKey(byte[] seal) {
        return key.ofThisKey(seal);
    }

    boolean matches(byte[] seal, Item item) {
        return key.ofThisKey(seal) && MessageDigest.isEqual(seal, seal(item));
    }

    /** Names this key, in the log's entry that draws its line. */
    String keyTag() {
        return key.keyTag();
    }
}
