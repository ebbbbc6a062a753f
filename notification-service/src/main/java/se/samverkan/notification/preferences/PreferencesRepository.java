package se.samverkan.notification.preferences;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import se.samverkan.notification.config.NotificationProperties;
import se.samverkan.notification.routing.NotificationKind;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

@Repository
public class PreferencesRepository {

    private final JdbcClient jdbc;
    private final NotificationProperties properties;

    public PreferencesRepository(JdbcClient jdbc, NotificationProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** The saved preferences, or the configured defaults for someone who never saved any. */
    public MailPreferences of(String userId) {
        return saved(userId).orElseGet(() -> new MailPreferences(properties.defaultMailKinds(), MailDelivery.IMMEDIATE));
    }

    public Optional<MailPreferences> saved(String userId) {
        return jdbc.sql("SELECT mail_kinds, delivery FROM notification_preferences WHERE user_id = ?")
                .param(userId)
                .query((rs, row) -> new MailPreferences(
                        Arrays.stream((String[]) rs.getArray("mail_kinds").getArray())
                                // a kind retired in a later version must not make old rows unreadable
                                .filter(name -> Arrays.stream(NotificationKind.values()).anyMatch(k -> k.name().equals(name)))
                                .map(NotificationKind::valueOf).collect(Collectors.toSet()),
                        MailDelivery.valueOf(rs.getString("delivery"))))
                .optional();
    }

    public void save(String userId, MailPreferences preferences) {
        jdbc.sql("""
                        INSERT INTO notification_preferences (user_id, mail_kinds, delivery) VALUES (?, ?, ?)
                        ON CONFLICT (user_id) DO UPDATE SET mail_kinds = excluded.mail_kinds, delivery = excluded.delivery,
                            updated_at = now()""")
                .params(userId, preferences.mailKinds().stream().map(Enum::name).sorted().toArray(String[]::new),
                        preferences.delivery().name())
                .update();
    }
}
