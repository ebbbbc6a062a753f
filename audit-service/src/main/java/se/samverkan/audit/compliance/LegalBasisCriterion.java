package se.samverkan.audit.compliance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import se.samverkan.audit.log.AuditProperties;
import se.samverkan.audit.log.KeyedSeal;
import se.samverkan.contracts.LegalBasis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a search's {@code legalBasis} is written into the read's own {@code audit-log-read} entry, which nothing can
 * remove. Any code of a catalogue's shape must be searchable: a municipality's own codes are data (case-service's
 * legal-basis catalogue, issue 15) and may read like anything of that shape ({@code SAMTYCKE_UNDER_18}), which is why
 * a stricter shape was taken back. But so may a name typed into the field ({@code KIM_TESTSSON}). So the entry holds
 * the code as given only when it cannot be free text: a national code ({@link LegalBasis}: their meaning never
 * changes) or a provision's shape (a statute's abbreviation, its chapter and at most two further numbers, such as
 * {@code OSL_10_18A} or {@code SOL_11_1}: a name as it is written has no digits). Any other code is recorded as
 * {@code legalBasisDigest}: hex of a 4-byte key tag and an HMAC-SHA256 over the field's name and the code, under a key
 * derived from the checkpoint signing key with a label of its own ({@link KeyedSeal}), which the database and the
 * log's readers never hold. The same code gives the same digest in every entry under that key, so searches for one
 * code are found together, and whoever holds the key can match a claimed code to an entry ({@link #digest}); without
 * the key a digest cannot be tested against guessed names, and the text is in no entry.
 */
@Component
public class LegalBasisCriterion {

    /**
     * Swedish statutes a disclosure of social-services data may rest on, by their usual abbreviation: offentlighets-
     * och sekretesslagen and its ordinance, socialtjänstlagen and its ordinance, LVU, LVM, LSS, LUL, brottsbalken,
     * rättegångsbalken, polislagen, förvaltningslagen, kommunallagen, skollagen, hälso- och sjukvårdslagen,
     * patientdatalagen, socialförsäkringsbalken, utlänningslagen, dataskyddslagen.
     */
    static final Pattern PROVISION = Pattern.compile(
            "(OSL|OSF|SOL|SOF|LVU|LVM|LSS|LUL|BRB|RB|PL|FL|KL|SKOLL|HSL|PDL|SFB|UTLL|DSL)_[0-9]{1,3}[A-Z]?(_[0-9]{1,3}[A-Z]?){0,2}");
    static final String FIELD = "legalBasis";
    static final String DIGEST_FIELD = "legalBasisDigest";
    private static final String KEY_LABEL = "samverkan search criterion digest v1";

    private final KeyedSeal key;

    @Autowired
    public LegalBasisCriterion(AuditProperties properties) {
        this(Objects.requireNonNull(properties.signingKey(), "samverkan.audit.signing-key").getBytes(StandardCharsets.UTF_8));
    }

    public LegalBasisCriterion(byte[] signingKey) {
        key = new KeyedSeal(signingKey, KEY_LABEL);
    }

    /** Whether the code goes into the log as it is: a national code, or a provision's shape. */
    public static boolean recordedAsGiven(String code) {
        return Arrays.stream(LegalBasis.values()).anyMatch(national -> national.name().equals(code))
                || PROVISION.matcher(code).matches();
    }

    /** The digest an entry records for this code (hex of key tag and HMAC), for matching a claimed code to an entry. */
    public String digest(String code) {
        return HexFormat.of().formatHex(key.seal(FIELD, code));
    }

    /** Puts the criterion as the read's entry records it: the code, or its digest (nothing when none was given). */
    public void putInto(Map<String, Object> criteria, String code) {
        criteria.remove(FIELD);
        criteria.remove(DIGEST_FIELD);
        if (code == null) {
            return;
        }
        if (recordedAsGiven(code)) {
            criteria.put(FIELD, code);
        } else {
            criteria.put(DIGEST_FIELD, digest(code));
        }
    }
}
