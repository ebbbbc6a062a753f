package se.samverkan.cases.catalogue;

import org.springframework.stereotype.Component;
import se.samverkan.cases.config.CaseServiceProperties;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Seals of catalogue versions (issue 15 leftovers, tamper check): HMAC-SHA256 under a key derived from the service's
 * subject-pseudonym key (a secret of the service's configuration, never in its database), over the exact text of the
 * version as stored and the link to the version before it. Someone who can insert rows but does not hold the
 * service's secrets cannot make a seal that checks.
 */
@Component
public class CatalogueSeals {

    /** How far a catalogue's chain of versions can be trusted, up to a version. */
    public enum Verification {
        /** Every version up to this one was sealed by the service, each over the one before it. */
        SEALED,
        /**
         * Versions from before seals existed (Flyway V26, their number and content sealed by V32), none after them:
         * accepted as they were.
         */
        FROM_BEFORE_SEALS,
        /** A version has no seal although seals existed when it was made: it did not come through the service. */
        UNSEALED,
        /** A seal does not match its version's content or the version before it: the table was edited. */
        CHAIN_BROKEN;

        public boolean trusted() {
            return this == SEALED || this == FROM_BEFORE_SEALS;
        }
    }

    /** A version as stored, with the text its seal covers. */
    record Row(int version, String document, String change, String decisionReference, String changedBy, Instant changedAt,
               String seal) {
    }

    /**
     * The last version from before seals, as stored in {@code catalogue_seal_baseline}, and its seal (null where
     * none was made). The service's own database role can write that table, so the number counts only with a seal.
     */
    record Baseline(int version, String seal) {
        static final Baseline NONE = new Baseline(0, null);
    }

    private final byte[] key;

    @org.springframework.beans.factory.annotation.Autowired
    CatalogueSeals(CaseServiceProperties properties) {
        this(properties.subjectPseudonymKey());
    }

    /** From the subject-pseudonym key (base64) alone: the migration step ({@link CatalogueMigrations}) has no context. */
    CatalogueSeals(String subjectPseudonymKey) {
        this.key = hmac(Base64.getDecoder().decode(subjectPseudonymKey),
                "samverkan catalogue seal v1".getBytes(StandardCharsets.UTF_8));
    }

    /** The seal of {@code row} of {@code catalogue} following {@code previous} (null for the first version). */
    String seal(String catalogue, String municipality, Row row, Row previous) {
        return HexFormat.of().formatHex(hmac(key, (content(catalogue, municipality, row) + "\n" + link(catalogue, municipality, previous))
                .getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The seal of a baseline: how many versions came before seals and what each of them holds, so neither a raised
     * number nor a row swapped beneath it checks. Made once, by the migration that introduced it
     * ({@link CatalogueBaselineSeals}).
     */
    String sealBaseline(String catalogue, String municipality, List<Row> beforeSeals) {
        StringBuilder text = new StringBuilder(String.join("\u001f", "baseline", catalogue, municipality,
                Integer.toString(beforeSeals.size())));
        for (Row row : beforeSeals) {
            text.append('\n').append(HexFormat.of().formatHex(sha256(content(catalogue, municipality, row))));
        }
        return HexFormat.of().formatHex(hmac(key, text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Walks {@code chain} (versions 1, 2, … without a gap) up to {@code upTo}. An unsealed version is from before seals
     * only while no sealed version came before it and the sealed baseline covers it: once the service sealed a version
     * of the catalogue, every later one went through it, and a baseline without a seal that checks was written by hand.
     */
    Verification verify(String catalogue, String municipality, List<Row> chain, int upTo, Baseline baseline) {
        int beforeSeals = baselineHolds(catalogue, municipality, chain, baseline) ? baseline.version() : 0;
        Row previous = null;
        boolean sealedBefore = false;
        Verification result = Verification.SEALED;
        for (Row row : chain) {
            if (row.version() > upTo) {
                break;
            }
            if (row.seal() == null) {
                if (sealedBefore || row.version() > beforeSeals) {
                    return Verification.UNSEALED;
                }
                result = Verification.FROM_BEFORE_SEALS;
            } else if (!MessageDigest.isEqual(row.seal().getBytes(StandardCharsets.UTF_8),
                    seal(catalogue, municipality, row, previous).getBytes(StandardCharsets.UTF_8))) {
                return Verification.CHAIN_BROKEN;
            } else {
                result = Verification.SEALED;
                sealedBefore = true;
            }
            previous = row;
        }
        return result;
    }

    private boolean baselineHolds(String catalogue, String municipality, List<Row> chain, Baseline baseline) {
        return baseline.seal() != null && baseline.version() > 0 && chain.size() >= baseline.version()
                && MessageDigest.isEqual(baseline.seal().getBytes(StandardCharsets.UTF_8),
                sealBaseline(catalogue, municipality, chain.subList(0, baseline.version())).getBytes(StandardCharsets.UTF_8));
    }

    private String link(String catalogue, String municipality, Row previous) {
        if (previous == null) {
            return "first";
        }
        // a version from before seals is anchored by its content; a sealed one by its seal
        return previous.seal() != null ? "seal:" + previous.seal()
                : "content:" + HexFormat.of().formatHex(sha256(content(catalogue, municipality, previous)));
    }

    private static String content(String catalogue, String municipality, Row row) {
        return String.join("\u001f", catalogue, municipality, Integer.toString(row.version()), row.document(),
                row.change(), row.decisionReference() == null ? "" : row.decisionReference(), row.changedBy(),
                Long.toString(row.changedAt().getEpochSecond()), Integer.toString(row.changedAt().getNano() / 1000));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
