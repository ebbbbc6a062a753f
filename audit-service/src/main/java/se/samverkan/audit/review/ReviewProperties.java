package se.samverkan.audit.review;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Thresholds of the review rules; the defaults suit a municipal social services office.
 *
 * @param securityMunicipality whose compliance officers get FORGED_EVENT items (env
 *                             {@code SAMVERKAN_AUDIT_REVIEW_SECURITY_MUNICIPALITY}); empty: every municipality's. Never
 *                             the municipality a refused record names: that is the forger's word, and would let a
 *                             forger send the alarm to an accomplice's queue or bury another municipality's in noise.
 */
@ConfigurationProperties("samverkan.audit.review")
public record ReviewProperties(
        @DefaultValue("1h") Duration volumeWindow,
        @DefaultValue("20") int volumeSubjects,
        @DefaultValue("07:00") LocalTime workdayStart,
        @DefaultValue("19:00") LocalTime workdayEnd,
        @DefaultValue("Europe/Stockholm") ZoneId zone,
        String securityMunicipality) {

    public ReviewProperties {
        securityMunicipality = securityMunicipality == null || securityMunicipality.isBlank() ? null : securityMunicipality.strip();
    }
}
