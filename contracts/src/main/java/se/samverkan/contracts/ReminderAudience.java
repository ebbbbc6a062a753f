package se.samverkan.contracts;

/**
 * Who a commitment's reminder or overdue notice is for: its owner (a participant with an account whose organisation a
 * valid consent names, so they may see the commitment), otherwise the case team that recorded it.
 */
public enum ReminderAudience {
    OWNER,
    CASE_TEAM
}
