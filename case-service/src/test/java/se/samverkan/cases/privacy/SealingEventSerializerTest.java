package se.samverkan.cases.privacy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.cases.domain.CaseEvent.CaseOpened;
import se.samverkan.cases.domain.CaseEvent.NoteRecorded;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseSnapshot;
import se.samverkan.cases.domain.DocumentType;
import se.samverkan.cases.domain.SnapshotSamples;
import se.samverkan.cases.storedevents.StoredEventNames;
import se.samverkan.cases.publishing.IntegrationEventContractTest;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SealingEventSerializerTest {

    /** Keys in memory; the JDBC store is exercised by the ITs. */
    static final class InMemoryKeys implements SubjectKeys {
        record Owner(UUID subjectId, DocumentType documentType) {
        }

        final Map<Owner, DataKey> byOwner = new HashMap<>();

        @Override
        public DataKey currentFor(UUID subjectId, DocumentType documentType) {
            return byOwner.computeIfAbsent(new Owner(subjectId, documentType),
                    o -> new DataKey(UUID.randomUUID(), subjectId, documentType, Aes.newKey()));
        }

        @Override
        public Optional<DataKey> liveFor(UUID subjectId, DocumentType documentType) {
            return Optional.ofNullable(byOwner.get(new Owner(subjectId, documentType)));
        }

        @Override
        public Optional<DataKey> byKeyId(UUID keyId) {
            return byOwner.values().stream().filter(k -> k.keyId().equals(keyId)).findFirst();
        }

        @Override
        public int shred(UUID subjectId, DocumentType documentType) {
            return byOwner.remove(new Owner(subjectId, documentType)) == null ? 0 : 1;
        }

        @Override
        public int shred(UUID subjectId) {
            int before = byOwner.size();
            byOwner.keySet().removeIf(o -> o.subjectId().equals(subjectId));
            return before - byOwner.size();
        }

        @Override
        public boolean hasKey(UUID subjectId) {
            return byOwner.keySet().stream().anyMatch(o -> o.subjectId().equals(subjectId));
        }

        @Override
        public boolean hasKey(UUID subjectId, DocumentType documentType) {
            return byOwner.containsKey(new Owner(subjectId, documentType));
        }
    }

    final InMemoryKeys keys = new InMemoryKeys();
    final Map<UUID, UUID> caseSubjects = new HashMap<>();
    final SealingEventSerializer serializer = serializer();

    private SealingEventSerializer serializer() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        CaseSubjects subjects = new CaseSubjects(null, null) {
            @Override
            public void register(UUID caseId, UUID subjectId) {
                caseSubjects.put(caseId, subjectId);
            }

            @Override
            public Optional<UUID> subjectOf(UUID caseId) {
                return Optional.ofNullable(caseSubjects.get(caseId));
            }
        };
        return new SealingEventSerializer(JacksonSerializer.builder().objectMapper(mapper).lenientDeserialization().build(),
                mapper, new PersonalDataCipher(keys), subjects);
    }

    @Test
    void everyEventRoundTripsWithNoPersonalDataInItsStoredForm() {
        for (CaseEvent sample : IntegrationEventContractTest.samples()) {
            SerializedObject<byte[]> stored = serializer.serialize(sample, byte[].class);
            String text = new String(stored.getData(), StandardCharsets.UTF_8);
            assertThat(text).as(sample.getClass().getSimpleName())
                    .doesNotContain("201003159124", "Kim Hemlig", "Gömda", "198706142836", "Vera", "Känslig", "2010-03-15");
            Object back = serializer.deserialize(stored);
            assertThat(back).as(sample.getClass().getSimpleName()).usingRecursiveComparison().isEqualTo(sample);
        }
    }

    @Test
    void shreddingTheSubjectKeyLeavesTheEventsLoadableWithTheirPersonalDataGone() {
        CaseOpened opened = (CaseOpened) IntegrationEventContractTest.samples().get(0);
        NoteRecorded note = (NoteRecorded) IntegrationEventContractTest.samples().get(3);
        SerializedObject<byte[]> storedOpened = serializer.serialize(opened, byte[].class);
        SerializedObject<byte[]> storedNote = serializer.serialize(note, byte[].class);

        keys.shred(opened.subjectId().value());

        CaseOpened erased = serializer.deserialize(storedOpened);
        assertThat(erased.subject().erased()).isTrue();
        assertThat(erased.subject().name()).isNull();
        assertThat(erased.subject().address()).isNull();
        assertThat(erased.subject().guardians()).isEmpty();
        assertThat(erased.subject().protectedIdentity()).isEqualTo(opened.subject().protectedIdentity());
        assertThat(erased.unit()).isEqualTo(opened.unit());
        NoteRecorded erasedNote = serializer.deserialize(storedNote);
        assertThat(erasedNote.text()).isNull();
        assertThat(erasedNote.noteId()).isEqualTo(note.noteId());
    }

    @Test
    void shreddingOneDocumentTypeErasesExactlyItsFieldsAndTheRestStillReads() {
        CaseOpened opened = (CaseOpened) IntegrationEventContractTest.samples().get(0);
        NoteRecorded note = (NoteRecorded) IntegrationEventContractTest.samples().get(3);
        SerializedObject<byte[]> storedOpened = serializer.serialize(opened, byte[].class);
        SerializedObject<byte[]> storedNote = serializer.serialize(note, byte[].class);

        assertThat(keys.shred(opened.subjectId().value(), DocumentType.JOURNAL)).isEqualTo(1);

        NoteRecorded erasedNote = serializer.deserialize(storedNote);
        assertThat(erasedNote.text()).isNull();
        assertThat(erasedNote.noteId()).isEqualTo(note.noteId());
        CaseOpened stillThere = serializer.deserialize(storedOpened);
        assertThat(stillThere).usingRecursiveComparison().isEqualTo(opened);
    }

    @Test
    void eachDocumentTypeIsSealedWithItsOwnKey() {
        CaseOpened opened = (CaseOpened) IntegrationEventContractTest.samples().get(0);
        NoteRecorded note = (NoteRecorded) IntegrationEventContractTest.samples().get(3);
        String identity = new String(serializer.serialize(opened, byte[].class).getData(), StandardCharsets.UTF_8);
        String journal = new String(serializer.serialize(note, byte[].class).getData(), StandardCharsets.UTF_8);

        UUID subject = opened.subjectId().value();
        assertThat(identity).contains("pd1:" + keys.currentFor(subject, DocumentType.IDENTITY).keyId())
                .doesNotContain(keys.currentFor(subject, DocumentType.JOURNAL).keyId().toString());
        assertThat(journal).contains("pd1:" + keys.currentFor(subject, DocumentType.JOURNAL).keyId())
                .doesNotContain(keys.currentFor(subject, DocumentType.IDENTITY).keyId().toString());
    }

    @Test
    void aSealedValueMovedToAnotherFieldFailsAuthentication() {
        CaseOpened opened = (CaseOpened) IntegrationEventContractTest.samples().get(0);
        SerializedObject<byte[]> stored = serializer.serialize(opened, byte[].class);
        String text = new String(stored.getData(), StandardCharsets.UTF_8);
        String sealedName = text.replaceAll("(?s).*\"name\":\"(pd1:[^\"]+)\".*", "$1");
        String sealedAddress = text.replaceAll("(?s).*\"address\":\"(pd1:[^\"]+)\".*", "$1");
        byte[] swapped = text.replace(sealedAddress, "@@swap@@").replace(sealedName, sealedAddress).replace("@@swap@@", sealedName)
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> serializer.deserialize(new org.axonframework.serialization.SimpleSerializedObject<>(
                swapped, byte[].class, stored.getType())))
                .hasRootCauseInstanceOf(javax.crypto.AEADBadTagException.class);
    }

    /** The snapshot's values, as the samples hold them: none may be stored in clear. */
    static final String[] SNAPSHOT_NEEDLES = {"201003159124", "Kim Hemlig", "Gömda", "198706142836", "Vera Hemlig",
            SnapshotSamples.SECRET_TEXT, "2010-03-15"};

    @Test
    void aSnapshotIsSealedLikeTheEventsAndShreddingTheSubjectErasesItsPersonalData() {
        CaseSnapshot snapshot = CaseFile.of(SnapshotSamples.history()).snapshot();
        UUID subject = snapshot.subjectId().value();
        for (DocumentType type : DocumentType.values()) {
            keys.currentFor(subject, type);
        }
        SerializedObject<byte[]> stored = serializer.serialize(snapshot, byte[].class);
        assertThat(stored.getType().getName()).isEqualTo(StoredEventNames.CASE_SNAPSHOT);
        assertThat(new String(stored.getData(), StandardCharsets.UTF_8)).doesNotContain(SNAPSHOT_NEEDLES);
        CaseSnapshot back = serializer.deserialize(stored);
        assertThat(back).isEqualTo(snapshot);

        keys.shred(subject);

        CaseSnapshot shredded = serializer.deserialize(stored);
        assertThat(shredded.subject().erased()).isTrue();
        assertThat(shredded.subject().name()).isNull();
        assertThat(shredded.subject().guardians()).isEmpty();
        assertThat(shredded.notes()).singleElement().satisfies(note -> assertThat(note.text()).isNull());
        assertThat(shredded.consents()).hasSize(2).allSatisfy(consent -> assertThat(consent.parties()).isNull());
        assertThat(shredded.partnerNotes()).as("the partner's section goes with the subject's keys")
                .singleElement().satisfies(note -> assertThat(note.text()).isNull());
        assertThat(shredded.referrals()).filteredOn(r -> r.snapshot() != null).singleElement().satisfies(referral -> {
            assertThat(referral.snapshot().identity()).isNull();
            assertThat(referral.snapshot().contact()).isNull();
            assertThat(referral.snapshot().caseSummary()).isNull();
            assertThat(referral.feedback()).singleElement().satisfies(f -> assertThat(f.text()).isNull());
        });
        assertThat(shredded.pendingApprovals()).singleElement().satisfies(p -> {
            assertThat(p.caseSummary()).isNull();
            assertThat(p.weighingOfInterests()).isNull();
        });
        assertThat(shredded.legalHolds()).singleElement().satisfies(h -> assertThat(h.reason()).isNull());
        assertThat(shredded.version()).isEqualTo(snapshot.version());
        assertThat(shredded.protectedIdentity()).isEqualTo(snapshot.protectedIdentity());
        assertThat(CaseFile.restore(shredded).personalDataErased()).isTrue();
    }

    @Test
    void aSnapshotWithAValueWhoseKeyIsGoneIsNotStoredAndNoKeyIsCreatedForIt() {
        CaseSnapshot snapshot = CaseFile.of(SnapshotSamples.history()).snapshot();
        UUID subject = snapshot.subjectId().value();
        keys.currentFor(subject, DocumentType.IDENTITY);

        // e.g. the journal key shredded while the snapshot was being taken: a fresh key must not bring the note back
        assertThatThrownBy(() -> serializer.serialize(snapshot, byte[].class)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(snapshot.caseId().toString()).message().doesNotContain(SNAPSHOT_NEEDLES);
        assertThat(keys.hasKey(subject, DocumentType.JOURNAL)).as("no key was made for the journal").isFalse();
    }

    @Test
    void valuesAlreadyErasedNeedNoKey() {
        CaseSnapshot snapshot = CaseFile.of(SnapshotSamples.history()).snapshot();
        UUID subject = snapshot.subjectId().value();
        for (DocumentType type : DocumentType.values()) {
            keys.currentFor(subject, type);
        }
        SerializedObject<byte[]> stored = serializer.serialize(snapshot, byte[].class);
        keys.shred(subject);
        CaseSnapshot shredded = serializer.deserialize(stored);

        SerializedObject<byte[]> again = serializer.serialize(shredded, byte[].class);

        assertThat(keys.hasKey(subject)).as("a snapshot of erased data creates no key").isFalse();
        assertThat((CaseSnapshot) serializer.deserialize(again)).isEqualTo(shredded);
    }
}
