package se.samverkan.cases.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Reminders of joint action plans' commitments (issue 15 leftovers): how many days before a commitment is due its owner
 * (or the case team) is reminded, {@code SAMVERKAN_CASES_COMMITMENTS_REMINDERLEADDAYS}, default 3. Its own setting,
 * not the statutory deadlines' warning days: a school's "call the family by Friday" needs another lead than a
 * four-month investigation.
 */
@ConfigurationProperties("samverkan.cases.commitments")
public record CommitmentProperties(Integer reminderLeadDays) {

    public CommitmentProperties {
        reminderLeadDays = reminderLeadDays == null ? 3 : reminderLeadDays;
        if (reminderLeadDays < 0 || reminderLeadDays > 60) {
            throw new IllegalArgumentException("samverkan.cases.commitments.reminder-lead-days must be 0..60, was " + reminderLeadDays);
        }
    }
}
