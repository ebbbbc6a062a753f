package se.samverkan.cases.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import se.samverkan.cases.access.CaseAccessPolicy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import se.samverkan.cases.domain.CaseCalendar;
import se.samverkan.cases.domain.SubjectPseudonyms;
import se.samverkan.cases.privacy.CaseSubjects;
import se.samverkan.cases.privacy.DataKeyCache;
import se.samverkan.cases.privacy.JdbcSubjectKeys;
import se.samverkan.cases.privacy.MasterKeys;
import se.samverkan.cases.privacy.PersonalDataCipher;
import se.samverkan.cases.privacy.SealingEventSerializer;
import se.samverkan.cases.storedevents.ActorRolesUpcaster;
import se.samverkan.cases.storedevents.LegacyClassNamesUpcaster;
import se.samverkan.cases.privacy.SubjectKeys;
import se.samverkan.cases.publishing.IntegrationEventRelay;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.platform.security.ActorAuthenticationConverter;
import se.samverkan.platform.security.PlatformSecurity;
import se.samverkan.platform.security.ProblemAccessDeniedHandler;
import se.samverkan.platform.security.ProblemAuthenticationEntryPoint;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Base64;

@Configuration
@EnableMethodSecurity
public class CaseServiceConfiguration {

    @Bean
    SecurityFilterChain caseServiceSecurity(HttpSecurity http, ActorAuthenticationConverter converter,
                                            ProblemAuthenticationEntryPoint entryPoint,
                                            ProblemAccessDeniedHandler deniedHandler) throws Exception {
        // any authenticated caller reaches the endpoints; CaseAccessPolicy decides (and records) every access
        return PlatformSecurity.resourceServer(http, converter, entryPoint, deniedHandler,
                rules -> rules.requestMatchers("/api/**").authenticated());
    }

    @Bean
    Clock clock(CaseServiceProperties properties) {
        return Clock.system(ZoneId.of(properties.zone()));
    }

    /** The aggregate's "today" comes from the zone of the one Clock (a test replacing the Clock moves it too). */
    @Bean
    CaseCalendar caseCalendar(Clock clock) {
        return CaseCalendar.of(clock);
    }

    @Bean
    CaseAccessPolicy caseAccessPolicy(se.samverkan.cases.breakglass.BreakGlassProperties breakGlass) {
        return new CaseAccessPolicy(breakGlass.rules());
    }

    @Bean
    SubjectPseudonyms subjectPseudonyms(CaseServiceProperties properties) {
        return new SubjectPseudonyms(Base64.getDecoder().decode(properties.subjectPseudonymKey()));
    }

    @Bean
    CloudEventCodec cloudEventCodec(CaseServiceProperties properties) {
        return new CloudEventCodec(properties.eventSource());
    }

    /** Axon 4 speaks Jackson 2; events must survive additive changes, so unknown fields are ignored on read. */
    public static ObjectMapper axonMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private static JacksonSerializer axonJackson() {
        return JacksonSerializer.builder().objectMapper(axonMapper()).lenientDeserialization().build();
    }

    @Bean
    MasterKeys masterKeys(CaseServiceProperties properties) {
        return MasterKeys.parse(properties.currentMasterKey(), properties.masterKeys());
    }

    @Bean
    DataKeyCache dataKeyCache(CaseServiceProperties properties) {
        return new DataKeyCache(properties.dataKeyCacheTtl(), properties.dataKeyCacheMaxKeys());
    }

    @Bean
    JdbcSubjectKeys subjectKeys(JdbcClient jdbc, PlatformTransactionManager transactions, MasterKeys masterKeys,
                                DataKeyCache dataKeyCache) {
        return new JdbcSubjectKeys(jdbc, transactions, masterKeys, dataKeyCache);
    }

    @Bean
    PersonalDataCipher personalDataCipher(SubjectKeys subjectKeys) {
        return new PersonalDataCipher(subjectKeys);
    }

    @Bean
    CaseSubjects caseSubjects(JdbcClient jdbc, PlatformTransactionManager transactions) {
        return new CaseSubjects(jdbc, transactions);
    }

    @Bean
    @Primary
    Serializer serializer() {
        return axonJackson();
    }

    /** Events are stored with their personal data sealed under the subject's key (crypto-shredding). */
    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(PersonalDataCipher cipher, CaseSubjects caseSubjects) {
        ObjectMapper mapper = axonMapper();
        return new SealingEventSerializer(JacksonSerializer.builder().objectMapper(mapper).lenientDeserialization().build(),
                mapper, cipher, caseSubjects);
    }

    /** Upcasters run in this order on every read of the event store (aggregate loading, processors, replays). */
    @Bean
    @Order(0)
    LegacyClassNamesUpcaster legacyClassNamesUpcaster() {
        return new LegacyClassNamesUpcaster();
    }

    @Bean
    @Order(1)
    ActorRolesUpcaster actorRolesUpcaster() {
        return new ActorRolesUpcaster();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return axonJackson();
    }

    /** A failed Kafka send must stop the publisher's token, so the event is retried rather than skipped. */
    @Bean
    ConfigurerModule integrationPublisherErrorHandling() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerListenerInvocationErrorHandler(IntegrationEventRelay.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance()));
    }
}
