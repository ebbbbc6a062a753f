package se.samverkan.contracts;

import java.util.List;
import java.util.UUID;

public record ActorRef(
        String userId,
        List<String> roles,
        Agency agency,
        String municipality,
        String unit) {
}
