package se.samverkan.localstack;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import se.samverkan.contracts.Topics;
import se.samverkan.localstack.kafka.LocalKafka;
import se.samverkan.localstack.postgres.ServiceDatabase;
import se.samverkan.localstack.secrets.StackSecrets;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.security.ActorAuthentication;
import se.samverkan.platform.security.ActorAuthenticationConverter;
import se.samverkan.platform.test.TestUser;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The infrastructure the launcher starts, checked the way the services will use it. */
class InfrastructureIT {

    private static StackSettings settings;

    @BeforeAll
    static void stack() {
        settings = ItStack.get().settings();
    }

    static List<TestUser> demoUsers() {
        return TestUser.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("demoUsers")
    void keycloak_issues_each_demo_user_a_token_the_platform_turns_into_the_same_actor_as_the_test_user(TestUser user) {
        String token = Http.passwordGrant(settings, user.username(), "demo");

        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri()).jwsAlgorithm(SignatureAlgorithm.RS256).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(settings.issuer()));
        Jwt jwt = decoder.decode(token);

        assertThat(jwt.getIssuer()).hasToString(settings.issuer());
        assertThat(jwt.getAudience()).contains("samverkan-api");
        assertThat(jwt.getSubject()).isEqualTo(user.id());
        assertThat(jwt.getClaimAsString("preferred_username")).isEqualTo(user.username());
        assertThat(jwt.getClaimAsString("email")).isEqualTo(user.email());
        ActorAuthentication authentication = (ActorAuthentication) new ActorAuthenticationConverter().convert(jwt);
        assertThat(authentication.actor()).isEqualTo(user.actor());
    }

    @Test
    void realm_roles_in_the_token_are_exactly_the_users_role() {
        JsonNode claims = Http.payload(Http.passwordGrant(settings, TestUser.POLICE_LIAISON.username(), "demo"));

        List<String> roles = new ArrayList<>();
        claims.path("realm_access").path("roles").forEach(role -> roles.add(role.asString()));
        // no default composite roles: a token carries nothing a policy did not ask for
        assertThat(roles).containsExactly(Role.POLICE_LIAISON.realmRoleName());
        assertThat(claims.path("agency").asString()).isEqualTo("POLICE");
    }

    @Test
    void keycloak_refuses_a_wrong_password() {
        HttpResponse<String> response = Http.postForm(settings.tokenEndpoint(), Map.of(
                "client_id", "samverkan-cli", "grant_type", "password", "username", "anna", "password", "not-demo"));

        assertThat(response.statusCode()).isIn(400, 401);
        assertThat(Http.json(response).path("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void kafka_has_the_integration_topics_with_three_partitions() throws Exception {
        // only the launcher's admin may see every topic (the broker authenticates every client, issue 16)
        try (Admin admin = Admin.create(LocalKafka.adminClientProperties(settings.kafkaBootstrapServers(), StackSecrets.KAFKA_ADMIN_USER,
                StackSecrets.loadOrCreate(settings).kafkaAdminPassword()))) {
            List<String> expected = List.of(Topics.CASE_EVENTS, Topics.ACCESS_EVENTS, Topics.AUDIT_CHECKPOINTS, Topics.AUDIT_EVENTS,
                    Topics.NOTIFICATION_EVENTS, Topics.deadLetter("audit-service"), Topics.deadLetter("notification-service"));
            Map<String, TopicDescription> topics = admin.describeTopics(expected).allTopicNames().get(30, TimeUnit.SECONDS);

            assertThat(topics).containsOnlyKeys(expected);
            assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(3));
        }
    }

    @Test
    void each_service_role_reaches_its_own_database_and_no_other() throws SQLException {
        assertThat(currentUser("case_service", "case_service")).isEqualTo("case_service");
        assertThat(currentUser("notification_service", "notification_service")).isEqualTo("notification_service");
        assertThat(currentUser("audit_service", "audit_service")).isEqualTo("audit_service");
        assertThat(currentUser("audit_service", "audit_owner")).isEqualTo("audit_owner");
        assertThat(currentUser("case_service", "case_owner")).isEqualTo("case_owner");
        assertThat(currentUser("notification_service", "notification_owner")).isEqualTo("notification_owner");

        assertThatThrownBy(() -> currentUser("audit_service", "case_service"))
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        assertThatThrownBy(() -> currentUser("case_service", "notification_service"))
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
    }

    @Test
    void the_audit_database_belongs_to_its_owner_not_to_the_runtime_role() throws SQLException {
        try (Connection connection = connect(ServiceDatabase.AUDIT_SERVICE.databaseName(), "audit_owner");
             Statement sql = connection.createStatement();
             ResultSet owner = sql.executeQuery("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")) {
            owner.next();
            assertThat(owner.getString(1)).isEqualTo("audit_owner");
        }
    }

    /**
     * case-service's database, tables and schemas are case_owner's (created by the migration step, or handed over by
     * the launcher from a data folder where case_service made them); the running service's role owns none of them and
     * cannot add or switch off a trigger on the access outbox or rewrite a stored event.
     */
    @Test
    void the_case_database_belongs_to_its_owner_and_the_runtime_role_cannot_rewrite_it() throws SQLException {
        try (Connection connection = connect(ServiceDatabase.CASE_SERVICE.databaseName(), "case_service");
             Statement sql = connection.createStatement()) {
            try (ResultSet owner = sql.executeQuery("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")) {
                owner.next();
                assertThat(owner.getString(1)).isEqualTo("case_owner");
            }
            try (ResultSet owned = sql.executeQuery("""
                    SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid) + (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid)
                    FROM pg_roles r WHERE r.rolname = current_user""")) {
                owned.next();
                assertThat(owned.getLong(1)).isZero();
            }
            try (ResultSet tables = sql.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'domain_event_entry' AND tableowner = 'case_owner'")) {
                tables.next();
                assertThat(tables.getLong(1)).isEqualTo(1);
            }
            for (String forbidden : List.of(
                    "CREATE TRIGGER drop_access BEFORE INSERT ON access_outbox FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()",
                    "ALTER TABLE domain_event_entry DISABLE TRIGGER ALL",
                    "UPDATE domain_event_entry SET payload = payload",
                    "DELETE FROM domain_event_entry",
                    "UPDATE access_outbox SET cloud_event = cloud_event")) {
                assertThatThrownBy(() -> sql.execute(forbidden)).as(forbidden)
                        .isInstanceOf(SQLException.class).message().containsAnyOf("permission denied", "must be owner");
            }
        }
    }

    /**
     * notification-service's database and tables are notification_owner's (created by the migration step, or handed
     * over by the launcher from a data folder where notification_service made them); the running service's role owns
     * none of them and cannot add or switch off a trigger on the directory outbox, rewrite a directory event or empty the
     * idempotency ledger.
     */
    @Test
    void the_notification_database_belongs_to_its_owner_and_the_runtime_role_cannot_rewrite_it() throws SQLException {
        try (Connection connection = connect(ServiceDatabase.NOTIFICATION_SERVICE.databaseName(), "notification_service");
             Statement sql = connection.createStatement()) {
            try (ResultSet owner = sql.executeQuery("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")) {
                owner.next();
                assertThat(owner.getString(1)).isEqualTo("notification_owner");
            }
            try (ResultSet owned = sql.executeQuery("""
                    SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid) + (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid)
                    FROM pg_roles r WHERE r.rolname = current_user""")) {
                owned.next();
                assertThat(owned.getLong(1)).isZero();
            }
            try (ResultSet tables = sql.executeQuery(
                    "SELECT count(*) FROM pg_tables WHERE tablename = 'directory_event_outbox' AND tableowner = 'notification_owner'")) {
                tables.next();
                assertThat(tables.getLong(1)).isEqualTo(1);
            }
            for (String forbidden : List.of(
                    "CREATE TRIGGER drop_edits BEFORE INSERT ON directory_event_outbox FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()",
                    "ALTER TABLE directory_event_outbox DISABLE TRIGGER ALL",
                    "UPDATE directory_event_outbox SET cloud_event = cloud_event",
                    "DELETE FROM processed_events",
                    "TRUNCATE mail_deliveries")) {
                assertThatThrownBy(() -> sql.execute(forbidden)).as(forbidden)
                        .isInstanceOf(SQLException.class).message().containsAnyOf("permission denied", "must be owner");
            }
        }
    }

    @Test
    void the_mail_catcher_shows_what_was_sent_over_smtp() throws Exception {
        Properties smtp = new Properties();
        smtp.put("mail.smtp.host", StackSettings.HOST);
        smtp.put("mail.smtp.port", String.valueOf(settings.smtpPort()));
        MimeMessage mail = new MimeMessage(Session.getInstance(smtp));
        mail.setFrom(new InternetAddress("samverkan-noreply@samverkan.example"));
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress("anna@haninge.example"));
        String subject = "Nytt ärende i din inkorg " + System.nanoTime();
        mail.setSubject(subject, "UTF-8");
        mail.setText("Logga in i Samverkan för att se det.", "UTF-8");
        Transport.send(mail);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode messages = Http.json(Http.get(settings.mailViewerUrl(), null));
            assertThat(messages.valueStream().map(m -> m.path("subject").asString())).contains(subject);
            assertThat(messages.valueStream().filter(m -> m.path("subject").asString().equals(subject))
                    .flatMap(m -> m.path("to").valueStream()).map(JsonNode::asString)).containsExactly("anna@haninge.example");
        });
    }

    private static String currentUser(String database, String role) throws SQLException {
        try (Connection connection = connect(database, role); Statement sql = connection.createStatement();
             ResultSet user = sql.executeQuery("SELECT current_user")) {
            user.next();
            return user.getString(1);
        }
    }

    private static Connection connect(String database, String role) throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(database), role, ServiceDatabase.passwordOf(role));
    }
}
