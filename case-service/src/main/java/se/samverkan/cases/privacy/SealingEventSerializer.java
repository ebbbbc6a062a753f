package se.samverkan.cases.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.cases.domain.CaseSnapshot;
import se.samverkan.cases.domain.DocumentType;
import se.samverkan.cases.storedevents.StoredEventNames;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.BiFunction;
import java.util.UUID;

/**
 * The event store's serializer: seals the personal-data fields of case events with the subject's data key for the
 * field's document type on the way in, opens them on the way out, and yields null where the key has been shredded.
 * <p>
 * Why at the serializer and not as encrypted types in the events: the aggregate, the read side and the aggregate
 * tests keep working with plain values, so no rule can forget to encrypt or decrypt, and every path that reads the
 * store (aggregate loading, snapshots, the publisher, projection replays, exports) gets the same treatment.
 * The price is that the sealed paths are listed in one place ({@link PersonalDataFields}) rather than in the types.
 */
public class SealingEventSerializer implements Serializer {

    private static final byte[] MARKER = PersonalDataCipher.PREFIX.getBytes(StandardCharsets.UTF_8);

    private final Serializer delegate;
    private final ObjectMapper mapper;
    private final PersonalDataCipher cipher;
    private final CaseSubjects caseSubjects;

    public SealingEventSerializer(Serializer delegate, ObjectMapper mapper, PersonalDataCipher cipher, CaseSubjects caseSubjects) {
        this.delegate = delegate;
        this.mapper = mapper;
        this.cipher = cipher;
        this.caseSubjects = caseSubjects;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        if (!(object instanceof CaseEvent || object instanceof CaseSnapshot) || PersonalDataFields.of(object.getClass()).isEmpty()) {
            SerializedObject<T> plain = delegate.serialize(object, expectedRepresentation);
            return new SimpleSerializedObject<>(plain.getData(), expectedRepresentation, typeForClass(object.getClass()));
        }
        ObjectNode tree = mapper.valueToTree(object);
        if (object instanceof CaseSnapshot snapshot) {
            // a snapshot seals only under keys that exist, and is not stored at all when a value has none: a key
            // shredded while the snapshot was taken must not come back as a fresh key (nor as a key from before keys
            // were per type, which outlives a per-type shred); the case is then read from its events
            seal(tree, object.getClass(), type -> cipher.liveKeyFor(snapshot.subjectId().value(), type),
                    type -> new IllegalStateException("The snapshot of case " + snapshot.caseId() + " holds " + type
                            + " data whose subject key is gone; it is not stored"));
        } else {
            UUID subjectId = subjectOf((CaseEvent) object);
            seal(tree, object.getClass(), type -> Optional.of(cipher.keyFor(subjectId, type)),
                    type -> new IllegalStateException("No " + type + " key"));
        }
        byte[] data = bytes(tree);
        return new SimpleSerializedObject<>(getConverter().convert(data, byte[].class, expectedRepresentation),
                expectedRepresentation, typeForClass(object.getClass()));
    }

    /**
     * Replaces each personal-data value by its sealed form; {@code *} in a path stands for every element of an array.
     * The associated data is the path without the {@code *} steps, as {@link #open} sees it. A key is fetched (for an
     * event: created) only for a type that has a value to seal; an empty list (an erased subject's guardians) holds
     * nothing of a person and is left as it is where there is no key.
     */
    private void seal(ObjectNode tree, Class<?> type, Function<DocumentType, Optional<SubjectKeys.DataKey>> keyFor,
                      Function<DocumentType, RuntimeException> noKey) {
        Map<DocumentType, Optional<SubjectKeys.DataKey>> keys = new EnumMap<>(DocumentType.class);
        for (String path : PersonalDataFields.of(type)) {
            DocumentType documentType = PersonalDataFields.documentType(type, path);
            sealAt(tree, path.substring(1).split("/"), 0, "", (value, fieldPath) -> {
                Optional<SubjectKeys.DataKey> key = keys.computeIfAbsent(documentType, keyFor);
                if (key.isEmpty() && value.isContainerNode() && value.isEmpty()) {
                    return value;
                }
                return TextNode.valueOf(cipher.seal(key.orElseThrow(() -> noKey.apply(documentType)), fieldPath, bytes(value)));
            });
        }
    }

    private void sealAt(JsonNode node, String[] steps, int at, String associated, BiFunction<JsonNode, String, JsonNode> sealer) {
        if (steps[at].equals("*")) {
            if (node instanceof ArrayNode array) {
                array.forEach(element -> sealAt(element, steps, at + 1, associated, sealer));
            }
            return;
        }
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        String fieldPath = associated + "/" + steps[at];
        JsonNode value = object.get(steps[at]);
        if (value == null || value.isNull()) {
            return;
        }
        if (at < steps.length - 1) {
            sealAt(value, steps, at + 1, fieldPath, sealer);
            return;
        }
        object.set(steps[at], sealer.apply(value, fieldPath));
    }

    private UUID subjectOf(CaseEvent event) {
        if (event instanceof CaseEvent.CaseOpened opened) {
            caseSubjects.register(opened.caseId().value(), opened.subjectId().value());
            return opened.subjectId().value();
        }
        return caseSubjects.subjectOf(event.caseId().value()).orElseThrow(() -> new IllegalStateException(
                "No subject is known for case " + event.caseId() + "; its personal data cannot be sealed"));
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        byte[] data = getConverter().convert(serializedObject.getData(), serializedObject.getContentType(), byte[].class);
        SerializedType type = delegateType(serializedObject.getType());
        if (!contains(data, MARKER)) {
            return delegate.deserialize(new SimpleSerializedObject<>(data, byte[].class, type));
        }
        JsonNode tree = read(data);
        open(tree, "");
        return delegate.deserialize(new SimpleSerializedObject<>(bytes(tree), byte[].class, type));
    }

    /** The Jackson delegate knows classes only: a stored name is handed to it as today's class of that name. */
    private static SerializedType delegateType(SerializedType stored) {
        return StoredEventNames.storedClassOf(stored.getName())
                .<SerializedType>map(type -> new SimpleSerializedType(type.getName(), stored.getRevision()))
                .orElse(stored);
    }

    private void open(JsonNode node, String path) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String fieldPath = path + "/" + field.getKey();
                if (field.getValue().isTextual() && PersonalDataCipher.isSealed(field.getValue().textValue())) {
                    field.setValue(cipher.open(field.getValue().textValue(), fieldPath)
                            .map(this::read).orElse(NullNode.getInstance()));
                } else {
                    open(field.getValue(), fieldPath);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(element -> open(element, path));
        }
    }

    private byte[] bytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode read(byte[] data) {
        try {
            return mapper.readTree(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(byte[] data, byte[] marker) {
        outer:
        for (int i = 0; i <= data.length - marker.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (data[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    public Class classForType(SerializedType type) {
        return StoredEventNames.storedClassOf(type.getName()).<Class>map(c -> c).orElseGet(() -> delegate.classForType(type));
    }

    /** Case events and the case snapshot are stored under their stable names ({@link StoredEventNames}), everything else as Axon does. */
    @Override
    public SerializedType typeForClass(Class type) {
        return StoredEventNames.storedNameOf(type)
                .<SerializedType>map(name -> new SimpleSerializedType(name, StoredEventNames.revisionOf(type)))
                .orElseGet(() -> delegate.typeForClass(type));
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }
}
