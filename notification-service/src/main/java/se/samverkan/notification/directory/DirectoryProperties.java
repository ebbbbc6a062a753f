package se.samverkan.notification.directory;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/** Directory entries from configuration, upserted at start-up (e.g. a small deployment without a Keycloak sync). */
@ConfigurationProperties("samverkan.notification.directory")
public record DirectoryProperties(List<DirectoryUser> users) {

    public DirectoryProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }
}
