package se.samverkan.notification.inbox;

import java.util.List;

public record InboxPage(List<InboxItem> items, int page, int size, long totalItems, long unread) {
}
