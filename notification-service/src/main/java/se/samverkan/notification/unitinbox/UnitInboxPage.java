package se.samverkan.notification.unitinbox;

import java.util.List;

/** @param open how many of the unit's items nobody has claimed yet */
public record UnitInboxPage(String unit, List<UnitInboxItem> items, int page, int size, long totalItems, long open) {
}
