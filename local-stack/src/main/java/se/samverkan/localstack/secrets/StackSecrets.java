package se.samverkan.localstack.secrets;

import se.samverkan.signing.EventKeys;
import se.samverkan.localstack.StackSettings;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The keys of this stack, made fresh from a secure random source at its first start and kept in its data folder
 * ({@code secrets.properties}, readable by the owner only), so restarts read the same data and no stack runs on a
 * key from the repository. They reach the services as the same environment variables a real deployment sets.
 */
public final class StackSecrets {

    public static final String FILE_NAME = "secrets.properties";
    public static final String PSEUDONYM_KEY = "SAMVERKAN_CASES_SUBJECT_PSEUDONYM_KEY";
    public static final String MASTER_KEYS = "SAMVERKAN_CASES_MASTER_KEYS";
    public static final String CURRENT_MASTER_KEY = "SAMVERKAN_CASES_CURRENT_MASTER_KEY";
    public static final String AUDIT_SIGNING_KEY = "SAMVERKAN_AUDIT_SIGNING_KEY";
    /** Issue 14: Haninge's audit log's witness key, and the demo partner's (Botkyrka's) checkpoint and witness keys. */
    public static final String AUDIT_WITNESS_KEY = "SAMVERKAN_AUDIT_WITNESS_KEY";
    static final String PARTNER_AUDIT_SIGNING_KEY = "PARTNER_AUDIT_SIGNING_KEY";
    static final String PARTNER_AUDIT_WITNESS_KEY = "PARTNER_AUDIT_WITNESS_KEY";
    private static final List<String> WITNESS_KEYS = List.of(AUDIT_WITNESS_KEY, PARTNER_AUDIT_SIGNING_KEY, PARTNER_AUDIT_WITNESS_KEY);
    /** Each service's event signing key is kept as EVENT_SIGNING_KEY_PREFIX + its name and handed over as {@link #EVENT_SIGNING_KEY}. */
    public static final String EVENT_SIGNING_KEY = "SAMVERKAN_EVENTS_SIGNING_KEY";
    public static final String EVENT_TRUSTED_KEYS = "SAMVERKAN_EVENTS_TRUSTED_KEYS";
    private static final String EVENT_SIGNING_KEY_PREFIX = "SAMVERKAN_EVENTS_SIGNING_KEY_";
    public static final List<String> PRODUCERS = List.of("case-service", "audit-service", "notification-service");
    /** The service's own broker password (SCRAM-SHA-512); its username is the service's name. */
    public static final String KAFKA_PASSWORD = "SAMVERKAN_KAFKA_PASSWORD";
    /** The launcher's own broker principal, the only super user: the controller quorum, topics, users and grants. */
    public static final String KAFKA_ADMIN_USER = "admin";
    static final String KAFKA_ADMIN_PASSWORD = "KAFKA_ADMIN_PASSWORD";
    /** The services that get a broker principal of their own (infra/kafka/acls.txt says what each may do). */
    public static final List<String> KAFKA_USERS = List.of("case-service", "audit-service", "notification-service");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> values;

    private StackSecrets(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * Reads the stack's keys, making them at the first start. Data written before the stack had its own keys was
     * sealed with the repository's development keys, which no service accepts any more: refuse with what to do.
     */
    public static synchronized StackSecrets loadOrCreate(StackSettings settings) {
        Path file = settings.dataDir().resolve(FILE_NAME);
        try {
            if (Files.isRegularFile(file)) {
                Map<String, String> values = read(file);
                // a stack from before the broker authenticated its clients or events were signed: its keys stay,
                // the broker passwords and event keys are new
                Map<String, String> missing = brokerPasswords();
                missing.keySet().removeAll(values.keySet());
                boolean eventKeysAdded = addMissingEventKeys(values);
                boolean witnessKeysAdded = addMissingWitnessKeys(values);
                if (!missing.isEmpty() || eventKeysAdded || witnessKeysAdded) {
                    values.putAll(missing);
                    write(file, values);
                }
                return new StackSecrets(values);
            }
            if (Files.isDirectory(settings.dataDir().resolve("postgres"))) {
                throw new IllegalStateException("The data in " + settings.dataDir() + " was written with the development keys that used to be"
                        + " in the repository, which the services refuse now. Delete its postgres and kafka folders (rm -rf "
                        + settings.dataDir().resolve("postgres") + " " + settings.dataDir().resolve("kafka")
                        + ") and start again: the stack then makes its own keys.");
            }
            Map<String, String> fresh = generate();
            write(file, fresh);
            return new StackSecrets(fresh);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or write the stack's keys in " + file, e);
        }
    }

    /** The variables of one service; the others' keys are none of its business. */
    public Map<String, String> environmentFor(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        switch (service) {
            case "case-service" -> {
                env.put(PSEUDONYM_KEY, values.get(PSEUDONYM_KEY));
                env.put(MASTER_KEYS, values.get(MASTER_KEYS));
                env.put(CURRENT_MASTER_KEY, values.get(CURRENT_MASTER_KEY));
            }
            case "audit-service" -> {
                env.put(AUDIT_SIGNING_KEY, values.get(AUDIT_SIGNING_KEY));
                env.put(AUDIT_WITNESS_KEY, values.get(AUDIT_WITNESS_KEY));
            }
            default -> {
            }
        }
        String eventKey = values.get(EVENT_SIGNING_KEY_PREFIX + variablePart(service));
        if (eventKey != null) {
            env.put(EVENT_SIGNING_KEY, eventKey);
        }
        env.put(EVENT_TRUSTED_KEYS, trustedEventKeys());
        if (KAFKA_USERS.contains(service)) {
            env.put(KAFKA_PASSWORD, kafkaPassword(service));
        }
        return env;
    }

    /** Every producer's public key: what each consumer of the stack pins as the keys it accepts events from. */
    public String trustedEventKeys() {
        return PRODUCERS.stream()
                .map(producer -> EventKeys.parseSigningKey(values.get(EVENT_SIGNING_KEY_PREFIX + variablePart(producer))).publicKeyText())
                .collect(java.util.stream.Collectors.joining(","));
    }

    /** A producer's private event key, for tests that act as that producer (a stolen key) against the stack. */
    public String eventSigningKey(String producer) {
        return values.get(EVENT_SIGNING_KEY_PREFIX + variablePart(producer));
    }

    /** The demo partner's audit log: its own checkpoint key and witness key (never Haninge's). */
    public Map<String, String> partnerAuditKeys() {
        return Map.of(AUDIT_SIGNING_KEY, values.get(PARTNER_AUDIT_SIGNING_KEY), AUDIT_WITNESS_KEY, values.get(PARTNER_AUDIT_WITNESS_KEY));
    }

    /** The checkpoint verifier key of Haninge's log ({@code partner} false) or the partner's. */
    public String auditVerifierKey(boolean partner) {
        return se.samverkan.audit.tlog.NoteKeys.parseSigner(values.get(partner ? PARTNER_AUDIT_SIGNING_KEY : AUDIT_SIGNING_KEY)).verifier().encoded();
    }

    /** The witness (cosigner) public key of Haninge's log ({@code partner} false) or the partner's. */
    public String witnessPublicKey(boolean partner) {
        return se.samverkan.audit.tlog.Cosignatures.parseCosigner(values.get(partner ? PARTNER_AUDIT_WITNESS_KEY : AUDIT_WITNESS_KEY)).key().encoded();
    }

    /** Haninge's checkpoint signer key: for the attacker test that holds it, as whoever holds the secrets would. */
    public String auditSigningKey() {
        return values.get(AUDIT_SIGNING_KEY);
    }

    private static boolean addMissingWitnessKeys(Map<String, String> values) {
        boolean added = false;
        for (String name : WITNESS_KEYS) {
            if (values.get(name) == null || values.get(name).isBlank()) {
                String suffix = HexFormat.of().formatHex(randomBytes(4));
                values.put(name, switch (name) {
                    case PARTNER_AUDIT_SIGNING_KEY -> ed25519NoteSigner("samverkan.local-audit-botkyrka-" + suffix, randomBytes(32));
                    case PARTNER_AUDIT_WITNESS_KEY -> se.samverkan.audit.tlog.Cosignatures.generateCosigner("samverkan.local/witness-botkyrka-" + suffix);
                    default -> se.samverkan.audit.tlog.Cosignatures.generateCosigner("samverkan.local/witness-haninge-" + suffix);
                });
                added = true;
            }
        }
        return added;
    }

    private static boolean addMissingEventKeys(Map<String, String> values) {
        boolean added = false;
        for (String producer : PRODUCERS) {
            String name = EVENT_SIGNING_KEY_PREFIX + variablePart(producer);
            if (values.get(name) == null || values.get(name).isBlank()) {
                values.put(name, EventKeys.generateSigningKey(producer + "/local-" + HexFormat.of().formatHex(randomBytes(4))));
                added = true;
            }
        }
        return added;
    }

    private static String variablePart(String service) {
        return service.replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    }

    /** The broker password of one service (its SCRAM-SHA-512 credential, re-applied by the launcher at every start). */
    public String kafkaPassword(String user) {
        String password = values.get(kafkaPasswordKey(user));
        if (password == null) {
            throw new IllegalArgumentException("no broker password for '" + user + "'; the stack has users " + KAFKA_USERS);
        }
        return password;
    }

    public String kafkaAdminPassword() {
        return values.get(KAFKA_ADMIN_PASSWORD);
    }

    static String kafkaPasswordKey(String user) {
        return "KAFKA_PASSWORD_" + user.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * Fresh broker passwords: 24 random bytes in hex, so they need no quoting in a JAAS line, in the format tool's
     * --add-scram argument or in a properties file.
     */
    static Map<String, String> brokerPasswords() {
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put(KAFKA_ADMIN_PASSWORD, HexFormat.of().formatHex(randomBytes(24)));
        for (String user : KAFKA_USERS) {
            passwords.put(kafkaPasswordKey(user), HexFormat.of().formatHex(randomBytes(24)));
        }
        return passwords;
    }

    static Map<String, String> generate() {
        String masterKeyId = "local-" + LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE);
        Map<String, String> fresh = new LinkedHashMap<>();
        fresh.put(PSEUDONYM_KEY, Base64.getEncoder().encodeToString(randomBytes(32)));
        fresh.put(MASTER_KEYS, masterKeyId + ":" + Base64.getEncoder().encodeToString(randomBytes(32)));
        fresh.put(CURRENT_MASTER_KEY, masterKeyId);
        fresh.put(AUDIT_SIGNING_KEY, ed25519NoteSigner("samverkan.local-audit-" + HexFormat.of().formatHex(randomBytes(4)), randomBytes(32)));
        addMissingEventKeys(fresh);
        addMissingWitnessKeys(fresh);
        fresh.putAll(brokerPasswords());
        return fresh;
    }

    /**
     * A checkpoint signer key in the signed-note format audit-service reads (C2SP signed-note):
     * {@code PRIVATE+KEY+<name>+<key hash>+<base64(0x01 || seed)>}, the key hash being the first four bytes of
     * SHA-256(name, '\n', 0x01, public key).
     */
    static String ed25519NoteSigner(String name, byte[] seed) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            // the JDK derives the key pair from the 32 bytes its random source yields: hand it the seed
            generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                @Override
                public void nextBytes(byte[] out) {
                    System.arraycopy(seed, 0, out, 0, Math.min(seed.length, out.length));
                }
            });
            byte[] encoded = generator.generateKeyPair().getPublic().getEncoded();
            byte[] publicKey = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x0A);
            sha.update((byte) 0x01);
            sha.update(publicKey);
            byte[] algorithmAndSeed = new byte[33];
            algorithmAndSeed[0] = 0x01;
            System.arraycopy(seed, 0, algorithmAndSeed, 1, 32);
            return "PRIVATE+KEY+" + name + "+" + HexFormat.of().formatHex(Arrays.copyOf(sha.digest(), 4)) + "+"
                    + Base64.getEncoder().encodeToString(algorithmAndSeed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 and SHA-256 are part of every JDK 21+", e);
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static Map<String, String> read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : new String[]{PSEUDONYM_KEY, MASTER_KEYS, CURRENT_MASTER_KEY, AUDIT_SIGNING_KEY}) {
            String value = properties.getProperty(name);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(file + " lacks " + name + "; restore it from a backup, or delete the stack's data folder to start afresh");
            }
            values.put(name, value);
        }
        for (String producer : PRODUCERS) {
            String name = EVENT_SIGNING_KEY_PREFIX + variablePart(producer);
            if (properties.getProperty(name) != null) {
                values.put(name, properties.getProperty(name));
            }
        }
        for (String name : WITNESS_KEYS) {
            if (properties.getProperty(name) != null) {
                values.put(name, properties.getProperty(name));
            }
        }
        properties.stringPropertyNames().stream()
                .filter(name -> name.equals(KAFKA_ADMIN_PASSWORD) || name.startsWith("KAFKA_PASSWORD_"))
                .filter(name -> !properties.getProperty(name).isBlank())
                .forEach(name -> values.put(name, properties.getProperty(name)));
        return values;
    }

    private static void write(Path file, Map<String, String> values) throws IOException {
        Files.createDirectories(file.getParent());
        Path staging = file.resolveSibling(FILE_NAME + ".new");
        Files.deleteIfExists(staging);
        Files.createFile(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Properties properties = new Properties();
        properties.putAll(values);
        try (Writer writer = Files.newBufferedWriter(staging)) {
            properties.store(writer, "The local stack's own keys, made at its first start. Losing them makes its data unreadable; never commit them.");
        }
        Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
