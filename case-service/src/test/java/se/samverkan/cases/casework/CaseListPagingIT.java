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

/** Every case a list shows is an access event, so lists come in bounded pages and each page's reads are recorded. */
class CaseListPagingIT extends IntegrationTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    @Test
    void aListIsWalkedPageByPageWithEveryCaseShownOnceAndRecordedOnce() {
        List<UUID> opened = List.of(openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE"),
                openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE"), openCase(SOCIAL_WORKER, "RAPID_INTERVENTION", "NONE"));
        await().atMost(Duration.ofSeconds(20)).until(() -> get(SOCIAL_WORKER, "/api/cases?limit=200").body().contains(opened.getLast().toString()));

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
