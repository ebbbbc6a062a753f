package se.samverkan.localstack;

import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person's whole inbox in the stack's notification-service, every page of it. The stack is shared by every IT class
 * of the run, so a first page may be full of other tests' items; an item's absence means something only over all of
 * them. The inbox is newest first: an item that arrives while the pages are read pushes older ones back a place, so an
 * item may be read twice but none is skipped.
 */
final class Inbox {

    private static final int PAGE = 100;

    private Inbox() {
    }

    static List<JsonNode> everyItem(String bearer) {
        String url = ItStack.serviceUrl("notification-service") + "/api/inbox?size=" + PAGE + "&page=";
        List<JsonNode> items = new ArrayList<>();
        for (int page = 0; ; page++) {
            HttpResponse<String> response = Http.get(url + page, bearer);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            List<JsonNode> slice = Http.json(response).path("items").valueStream().toList();
            items.addAll(slice);
            if (slice.size() < PAGE) {
                return items;
            }
        }
    }
}
