package se.samverkan.notification.ingest;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.EventTypes;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.access.AccessRecorded;

/**
 * Recognises, before any signature check, an access event this service drops anyway: every read and write of case
 * data is one, and only a break-glass access concerns anybody here (the compliance officers). Such records are most
 * of what this service consumes (a list page of 20 cases is 20 of them), and checking each one's Ed25519 signature
 * and schema only to drop it cost 74 µs a record against 1.2 µs for this look (RoutineAccessBenchmark): a sixth of
 * this service's CPU under the mixed load, 5.8 against 4.8 ms a request (docs/benchmarks.md, "Late morning:
 * 2026-12-05"). {@link NotificationIngest}'s {@code nothingToDo} states the same rule for verified records: keep the
 * two in step.
 * <p>
 * Skipping one unverified is safe because nothing is done with it: not a notification, not a route, not even the
 * processed-event mark. A genuine record says what case-service signed, so a genuine break-glass access is never
 * taken for a routine one. A forged record that claims to be routine is dropped here as it would have been after
 * verification; it is no longer dead-lettered by this service, but audit-service verifies every access event and
 * refuses it (its dead-letter topic, a FORGED_EVENT review item). Anything that is not plainly a routine access
 * (another topic or type, {@code breakGlass} anything but {@code false}, a repeated member, not JSON) is verified
 * as before.
 */
final class RoutineAccess {

    private static final String ACCESS_RECORDED = EventTypes.of(AccessRecorded.class).type();

    private RoutineAccess() {
    }

    static boolean isRoutine(String topic, byte[] value) {
        if (!Topics.ACCESS_EVENTS.equals(topic) || value == null) {
            return false;
        }
        try (JsonParser parser = CloudEventCodec.mapper().createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            String type = null;
            Boolean breakGlass = null;
            boolean dataSeen = false;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken valueToken = parser.nextToken();
                if ("type".equals(name)) {
                    if (type != null || valueToken != JsonToken.VALUE_STRING) {
                        return false;
                    }
                    type = parser.getString();
                } else if ("data".equals(name)) {
                    if (dataSeen || valueToken != JsonToken.START_OBJECT) {
                        return false;
                    }
                    dataSeen = true;
                    breakGlass = breakGlassOf(parser);
                } else {
                    parser.skipChildren();
                }
            }
            // read to the end: a record cut short or with anything after its object is verified (and refused) instead
            return token == JsonToken.END_OBJECT && parser.nextToken() == null
                    && ACCESS_RECORDED.equals(type) && Boolean.FALSE.equals(breakGlass);
        } catch (JacksonException e) {
            return false;
        }
    }

    /** The data object's own {@code breakGlass} member (not one nested deeper); null when absent, repeated or not a boolean. */
    private static Boolean breakGlassOf(JsonParser parser) {
        Boolean breakGlass = null;
        int seen = 0;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken valueToken = parser.nextToken();
            if ("breakGlass".equals(name)) {
                seen++;
                breakGlass = valueToken == JsonToken.VALUE_FALSE ? Boolean.FALSE
                        : valueToken == JsonToken.VALUE_TRUE ? Boolean.TRUE : null;
            } else {
                parser.skipChildren();
            }
        }
        return seen == 1 ? breakGlass : null;
    }
}
