package se.samverkan.cases.casework;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER_COLLEAGUE;
import static se.samverkan.platform.test.TestUser.SOCIAL_WORKER_OTHER_UNIT;

/** Every case a list shows is an access event, so lists come in bounded pages and each page's reads are recorded. */
class CaseListPagingIT extends IntegrationTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    @Test
    void aListIsWalkedPageByPageWithEveryCaseShownOnceAndRecordedOnce() {
        List<UUID> opened = List.of(openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE"),
                openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE"), openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE"));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT count(*) FROM case_summary WHERE case_id IN (:ids)")
                .param("ids", opened).query(Integer.class).single() == opened.size());

        long recordedBefore = accessEvents();
        List<UUID> seen = new ArrayList<>();
        String path = "/api/cases?limit=2";
        int pages = 0;
        while (path != null) {
            Response page = get(SOCIAL_WORKER, path);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().size()).isLessThanOrEqualTo(2);
            for (JsonNode item : page.json()) {
                seen.add(UUID.fromString(item.get("caseId").asString()));
            }
            String link = page.header("Link");
            if (link == null) {
                path = null;
            } else {
                Matcher next = NEXT.matcher(link);
                assertThat(next.find()).as("Link header %s", link).isTrue();
                URI uri = URI.create(next.group(1));
                path = uri.getRawPath() + "?" + uri.getRawQuery();
            }
            pages++;
        }

        assertThat(pages).isGreaterThanOrEqualTo(2);
        assertThat(seen).containsAll(opened);
        Set<UUID> distinct = new HashSet<>(seen);
        assertThat(distinct).as("no case on two pages").hasSameSizeAs(seen);
        assertThat(accessEvents() - recordedBefore).as("one access event per case shown, none for cases not shown").isEqualTo(seen.size());
    }

    /**
     * A page's cursor is a case the caller was shown. Built from the last row read, it named a hidden case whenever
     * hidden rows ended a read: another unit's social worker listing this unit with {@code limit=1} was handed one
     * case id and time of change in every fourth row, and could step a cursor of her own making for the rest.
     */
    @Test
    void aNextLinkNamesOnlyACaseTheCallerWasShownAndHiddenCasesGiveNoneAtAll() {
        UUID older = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        List<UUID> amirsOwn = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            amirsOwn.add(openCase(SOCIAL_WORKER_COLLEAGUE, "RAPID_INTERVENTION", "NONE", SOCIAL_WORKER_COLLEAGUE.id()));
        }
        UUID newer = openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT count(*) FROM case_summary WHERE case_id IN (:ids)")
                .param("ids", List.of(older, newer, amirsOwn.getFirst(), amirsOwn.getLast())).query(Integer.class).single() == 4);
        // anna's unit, her own cases first: amir's five (not hers to see) lie between her two newest
        String path = "/api/cases?limit=1&unit=haninge-ungdom";
        List<UUID> seen = new ArrayList<>();
        while (path != null && !seen.contains(older)) {
            Response page = get(SOCIAL_WORKER, path);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().size()).as("a next page is never an empty one").isEqualTo(1);
            UUID shown = UUID.fromString(page.json().get(0).get("caseId").asString());
            seen.add(shown);
            String link = page.header("Link");
            path = link == null ? null : pathOf(link);
            if (link != null) {
                assertThat(link).as("the cursor is the case shown").contains("~" + shown);
            }
        }
        assertThat(seen).contains(newer, older).doesNotContainAnyElementsOf(amirsOwn);
        assertThat(seen.indexOf(newer)).isLessThan(seen.indexOf(older));

        Response otherUnit = get(SOCIAL_WORKER_OTHER_UNIT, "/api/cases?limit=1&unit=haninge-ungdom");
        assertThat(otherUnit.status()).isEqualTo(200);
        assertThat(otherUnit.json().size()).isZero();
        assertThat(otherUnit.header("Link")).as("another unit's cases give no cursor, so no case id and no count").isNull();
        assertThat(otherUnit.body()).doesNotContain(older.toString(), newer.toString());
    }

    private static String pathOf(String link) {
        Matcher next = NEXT.matcher(link);
        assertThat(next.find()).as("Link header %s", link).isTrue();
        URI uri = URI.create(next.group(1));
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    @Test
    void aBadPageSizeOrCursorIsAClientMistake() {
        Response tooLarge = get(SOCIAL_WORKER, "/api/cases?limit=201");
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.body()).contains("between 1 and 200");
        assertThat(get(SOCIAL_WORKER, "/api/cases?limit=0").status()).isEqualTo(400);
        Response cursor = get(SOCIAL_WORKER, "/api/cases?before=yesterday");
        assertThat(cursor.status()).isEqualTo(400);
        assertThat(cursor.body()).contains("cursor");
    }

    @Test
    void withoutALimitAPageHoldsAtMostFiftyCases() {
        int missing = 51 - countUpTo(51);
        for (int i = 0; i < missing; i++) {
            openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE");
        }
        // the list reads the case_summary projection, which follows the event store within moments
        await().atMost(Duration.ofSeconds(20)).until(() -> countUpTo(51) == 51);
        Response page = get(SOCIAL_WORKER, "/api/cases");
        assertThat(page.json().size()).isEqualTo(50);
        assertThat(page.header("Link")).contains("limit=50").contains("rel=\"next\"");
    }

    private int countUpTo(int limit) {
        return get(SOCIAL_WORKER, "/api/cases?limit=" + limit).json().size();
    }

    private long accessEvents() {
        return jdbc.sql("SELECT count(*) FROM access_outbox").query(Long.class).single();
    }
}
