package se.samverkan.notification.ingest;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.AccessAction;
import se.samverkan.contracts.AccessOutcome;
import se.samverkan.contracts.ActorRef;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.platform.test.TestEventKeys;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which records notification-service drops without checking their signature: a plain access-recorded event with
 * {@code breakGlass: false} on the access topic, and nothing that merely resembles one.
 */
class RoutineAccessTest {

    private static final CloudEventCodec CODEC = new CloudEventCodec(URI.create("/samverkan/case-service"));

    @Test
    void aGenuineRoutineAccessIsRoutine() {
        assertThat(RoutineAccess.isRoutine(Topics.ACCESS_EVENTS, signed(access(false)))).isTrue();
    }

    @Test
    void aBreakGlassAccessIsNot() {
        assertThat(RoutineAccess.isRoutine(Topics.ACCESS_EVENTS, signed(access(true)))).isFalse();
    }

    @Test
    void aRoutineAccessOnAnotherTopicIsNot() {
        byte[] value = signed(access(false));
        for (String topic : List.of(Topics.CASE_EVENTS, Topics.AUDIT_EVENTS, "samverkan.other")) {
            assertThat(RoutineAccess.isRoutine(topic, value)).as(topic).isFalse();
        }
        assertThat(RoutineAccess.isRoutine(null, value)).isFalse();
    }

    @Test
    void anotherTypeOnTheAccessTopicIsNot() {
        String json = replaced(text(access(false)), "se.samverkan.access.access-recorded.v1", "se.samverkan.case.case-closed.v1");

        assertThat(RoutineAccess.isRoutine(Topics.ACCESS_EVENTS, bytes(json))).isFalse();
        // a later version of the access event is judged on its own contract, not taken for this one
        assertThat(RoutineAccess.isRoutine(Topics.ACCESS_EVENTS, bytes(replaced(text(access(false)), "access-recorded.v1", "access-recorded.v2"))))
                .isFalse();
    }

    @Test
    void aBreakGlassThatIsNotPlainlyFalseIsNot() {
        String json = text(access(false));
        for (String breakGlass : List.of("\"false\"", "0", "null", "{}", "[false]")) {
            assertThat(RoutineAccess.isRoutine(Topics.ACCESS_EVENTS, bytes(replaced(json, "\"breakGlass\":false", "\"breakGlass\":" + breakGlass))))
                    .as(breakGlass).isFalse();
        }
        assertThat(RoutineAccess.isRoutine(Topics.ACCESS_EVENTS, bytes(replaced(json, "\"breakGlass\":false,", "")))).as("absent").isFalse();
    }

    @Test
    void repeatedMembersAreNot() {
        String json = text(access(false));
        // a second member that a strict parser refuses and a lax one reads last
        assertThat(RoutineAccess.isRoutine(Topics.ACCESS_EVENTS, bytes(replaced(json, "\"breakGlass\":false", "\"breakGlass\":false,\"breakGlass\":true"))))
                .isFalse();
        assertThat(RoutineAccess.isRoutine(Topics.ACCESS_EVENTS, bytes(replaced(json, "\"breakGlass\":false", "\"breakGlass\":\"x\",\"breakGlass\":false"))))
                .isFalse();
        assertThat(RoutineAccess.isRoutine(Topics.ACCESS_EVENTS, bytes(replaced(json, "{", "{\"type\":\"se.samverkan.access.access-recorded.v1\","))))
                .isFalse();
        assertThat(RoutineAccess.isRoutine(Topics.ACCESS_EVENTS, bytes(replaced(json, "{", "{\"data\":{\"breakGlass\":false},"))))
                .isFalse();
    }

    @Test
    void aBreakGlassNestedDeeperThanTheDataIsNotTheOneThatCounts() {
        String withoutOwn = replaced(text(access(false)), "\"breakGlass\":false,", "");
        String nested = replaced(withoutOwn, "\"actor\":{", "\"actor\":{\"breakGlass\":false,");

        assertThat(RoutineAccess.isRoutine(Topics.ACCESS_EVENTS, bytes(nested))).isFalse();
    }

    @Test
    void whatIsNotOneWholeJsonObjectIsNot() {
        String json = text(access(false));
        for (String value : List.of("{poison", "", "[]", "\"x\"", json.substring(0, json.length() - 1), json + "{}", json + " x")) {
            assertThat(RoutineAccess.isRoutine(Topics.ACCESS_EVENTS, bytes(value))).as(value.length() > 20 ? value.substring(value.length() - 20) : value)
                    .isFalse();
        }
        assertThat(RoutineAccess.isRoutine(Topics.ACCESS_EVENTS, null)).isFalse();
    }

    private static AccessRecorded access(boolean breakGlass) {
        return new AccessRecorded(new ActorRef(UUID.randomUUID().toString(), List.of("SOCIAL_WORKER"), Agency.SOCIAL_SERVICES, "huddinge", "enhet-a"), UUID.randomUUID(),
                UUID.randomUUID(), null, Program.RAPID_INTERVENTION, "enhet-a", AccessAction.READ, "list-cases", List.of("summary"),
                breakGlass ? "acute risk" : null, null, !breakGlass, breakGlass, ProtectedIdentity.NONE, AccessOutcome.ALLOWED, null,
                Instant.now());
    }

    private static byte[] signed(AccessRecorded access) {
        return TestEventKeys.signed(CODEC.wrap(UUID.randomUUID(), Instant.now(), access));
    }

    private static String text(AccessRecorded access) {
        return new String(signed(access), StandardCharsets.UTF_8);
    }

    /** The first occurrence replaced; fails when there is none, so no case passes on an unchanged record. */
    private static String replaced(String json, String from, String to) {
        int at = json.indexOf(from);
        assertThat(at).as("the record holds %s", from).isNotNegative();
        return json.substring(0, at) + to + json.substring(at + from.length());
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
