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
    private static final String OCCURRENCE_KEY_LABEL = "samverkan review item occurrence seal v1";
    private static final String ID_KEY_LABEL = "samverkan review item id v1";

    private final KeyedSeal key;
    private final KeyedSeal occurrenceKey;
    private final KeyedSeal idKey;

    @Autowired
    public ReviewItemSeals(AuditProperties properties) {
        this(Objects.requireNonNull(properties.signingKey(), "samverkan.audit.signing-key").getBytes(StandardCharsets.UTF_8));
    }

    public ReviewItemSeals(byte[] signingKey) {
        this(signingKey, OCCURRENCE_KEY_LABEL);
    }

    /**
     * The same items' and ids' keys, but the occurrences' key derived under another label: as a process would hold
     * after a change of that key alone, to which every occurrence stored so far is one from before its line (the
     * tests play the upgrade path with it, on occurrences of their own making).
     */
    ReviewItemSeals(byte[] signingKey, String occurrenceKeyLabel) {
        key = new KeyedSeal(signingKey, KEY_LABEL);
        occurrenceKey = new KeyedSeal(signingKey, occurrenceKeyLabel);
        idKey = new KeyedSeal(signingKey, ID_KEY_LABEL);
    }

    /**
     * The id of the item a rule raises on a source event: the same in every process that holds the key (the sequencer
     * evaluates each appended entry once, in the transaction that appends it), and one the runtime role cannot compute.
     * It was a name-based UUID of rule and event, so a row inserted ahead under the id of an item to come (the event's
     * id is on Kafka before it is appended) kept the genuine item out. Items stored before keep their ids.
     */
    public UUID itemId(String rule, UUID sourceEventId) {
        byte[] mac = idKey.seal(rule, sourceEventId);
        return UUID.nameUUIDFromBytes(java.util.Arrays.copyOfRange(mac, 4, mac.length));
    }

    /** An occurrence row's columns as stored; {@code occurredAt} to the microsecond, as PostgreSQL keeps it. */
    public record Occurrence(UUID itemId, String rule, UUID sourceEventId, long sourceLeafIndex, Instant occurredAt) {

        public Occurrence {
            occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
        }
    }

    /** The columns an occurrence's seal covers, then the seal, as {@link #occurrence} reads them (table alias {@code o}). */
    static final String OCCURRENCE_COLUMNS = "o.review_item_id, o.rule, o.source_event_id, o.source_leaf_index, o.occurred_at, o.seal";

    /** The occurrence of a row that selected {@link #OCCURRENCE_COLUMNS} first. */
    static Occurrence occurrence(ResultSet rs) throws SQLException {
        return new Occurrence(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class), rs.getLong(4),
                rs.getTimestamp(5).toInstant());
    }

    /** The seal of a row that selected {@link #OCCURRENCE_COLUMNS} first. */
    static byte[] occurrenceSealOf(ResultSet rs) throws SQLException {
        return rs.getBytes(6);
    }

    public byte[] seal(Occurrence occurrence) {
        return occurrenceKey.seal(occurrence.itemId(), occurrence.rule(), occurrence.sourceEventId(), occurrence.sourceLeafIndex(),
                occurrence.occurredAt());
    }

    boolean occurrenceOfThisKey(byte[] seal) {
        return occurrenceKey.ofThisKey(seal);
    }

    boolean matches(byte[] seal, Occurrence occurrence) {
        return occurrenceKey.ofThisKey(seal) && MessageDigest.isEqual(seal, seal(occurrence));
    }

    /** Names the occurrences' key, in the log's entry that draws their line. */
    String occurrenceKeyTag() {
        return occurrenceKey.keyTag();
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
