package se.samverkan.localstack.kafka;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who may do what on the broker: the grants of infra/kafka/acls.txt, the one table that the launcher applies, that
 * docker-compose applies with create-acls.sh and that the Kubernetes KafkaUser resources must equal.
 */
public record KafkaAccess(List<Grant> grants) {

    /** One user's operations on one literally named topic or consumer group. */
    public record Grant(String user, ResourceType resourceType, String resourceName, Set<AclOperation> operations) {

        public Grant {
            operations = Set.copyOf(operations);
        }

        public String principal() {
            return "User:" + user;
        }

        public List<AclBinding> bindings() {
            ResourcePattern resource = new ResourcePattern(resourceType, resourceName, PatternType.LITERAL);
            return operations.stream().sorted()
                    .map(operation -> new AclBinding(resource, new AccessControlEntry(principal(), "*", operation, AclPermissionType.ALLOW)))
                    .toList();
        }
    }

    public static KafkaAccess read(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the broker's grants " + file, e);
        }
    }

    static KafkaAccess parse(List<String> lines) {
        return new KafkaAccess(lines.stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(KafkaAccess::grant)
                .toList());
    }

    private static Grant grant(String line) {
        String[] fields = line.split("\\s+");
        String[] resource = fields.length == 3 ? fields[1].split(":", 2) : new String[0];
        if (resource.length != 2 || resource[1].isBlank() || !fields[0].matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("a grant line is '<user> <topic|group>:<name> <Operation,...>', not: " + line);
        }
        ResourceType type = switch (resource[0]) {
            case "topic" -> ResourceType.TOPIC;
            case "group" -> ResourceType.GROUP;
            // nobody gets cluster, transactional-id or prefixed grants: every grant names one topic or group
            default -> throw new IllegalArgumentException("a grant is on a topic or a group, not '" + resource[0] + "': " + line);
        };
        if (resource[1].contains("*")) {
            throw new IllegalArgumentException("a grant names one resource, never a wildcard: " + line);
        }
        Set<AclOperation> operations = new LinkedHashSet<>();
        for (String name : fields[2].split(",")) {
            AclOperation operation = Arrays.stream(AclOperation.values())
                    .filter(candidate -> candidate.name().replace("_", "").equalsIgnoreCase(name.strip()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown operation '" + name + "' in: " + line));
            if (!ALLOWED.contains(operation)) {
                throw new IllegalArgumentException("services only read, write and describe; '" + name + "' is not granted here: " + line);
            }
            operations.add(operation);
        }
        return new Grant(fields[0], type, resource[1], operations);
    }

    private static final Set<AclOperation> ALLOWED = Set.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE);

    /** The users the table names, in the order they first appear. */
    public List<String> users() {
        return grants.stream().map(Grant::user).distinct().toList();
    }

    public List<Grant> grantsOf(String user) {
        return grants.stream().filter(grant -> grant.user().equals(user)).toList();
    }

    public Set<AclBinding> bindings() {
        Set<AclBinding> bindings = new LinkedHashSet<>();
        grants.forEach(grant -> bindings.addAll(grant.bindings()));
        return bindings;
    }

    /** Strimzi's spelling of an operation (Write, Describe, ...), for comparing with the KafkaUser resources. */
    public static String strimziName(AclOperation operation) {
        String name = operation.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
