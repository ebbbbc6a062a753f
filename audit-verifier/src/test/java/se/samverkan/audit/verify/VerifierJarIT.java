package se.samverkan.audit.verify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar a compliance officer downloads, run as she runs it: {@code java -jar audit-verifier.jar ...} in a process
 * of its own, nothing else on the class path. (audit-service's {@code ExportVerificationIT} runs it on a real export.)
 */
class VerifierJarIT {

    private static final Path JAR = Path.of("target/audit-verifier.jar").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theJarHoldsTheVerifierAndTheSigningCodeAndNothingElse() throws Exception {
        assertThat(JAR).as("built in the package phase").exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(VerifyExport.class.getName());
            List<String> classes = jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).toList();
            assertThat(classes).contains("se/samverkan/audit/verify/VerifyExport.class", "se/samverkan/signing/SignedEnvelope.class",
                    "se/samverkan/signing/EventTopics.class", "se/samverkan/audit/tlog/ProofVerifier.class");
            assertThat(classes).allMatch(n -> n.startsWith("se/samverkan/audit/verify/") || n.startsWith("se/samverkan/audit/tlog/")
                    || n.startsWith("se/samverkan/signing/"), "only the verifier's and event-signing's classes");
        }
    }

    @Test
    void javaDashJarVerifiesAnHonestExportAndNamesATamperedEntry() throws Exception {
        TestExports exports = new TestExports(dir);
        Path honest = honest(exports);
        Path rewritten = rewritten(exports, 6);

        Result ok = java("-jar", JAR.toString(), honest.toString(), "--key", exports.key(), "--producer-keys", TestExports.PRODUCER_KEYS);
        assertThat(ok.code()).as(ok.output()).isZero();
        assertThat(ok.output()).startsWith("OK: 8 entries (and 1 omitted leaves")
                .contains("8 producer signatures verified with the JDK's (SunEC) Ed25519");

        Result caught = java("-jar", JAR.toString(), rewritten.toString(), "--key", exports.key(), "--producer-keys",
                TestExports.PRODUCER_KEYS);
        assertThat(caught.code()).as(caught.output()).isEqualTo(1);
        assertThat(caught.output()).startsWith("FAIL: 1 of 8 entries fail their producer signature check")
                .contains("leaf index 6 (event " + TestExports.eventId(6) + ") does not match its producer signature");

        Result malformed = java("-jar", JAR.toString(), exports.write(List.of("{\"kind\":")).toString(), "--key", exports.key(),
                "--no-producer-signatures");
        assertThat(malformed.code()).isEqualTo(1);
        assertThat(malformed.output()).startsWith("FAIL: the export is malformed: line 1 is not JSON");

        Result misuse = java("-jar", JAR.toString());
        assertThat(misuse.code()).isEqualTo(2);
        assertThat(misuse.output()).contains("usage: java -jar audit-verifier.jar");
    }

    /**
     * An auditor who trusts Bouncy Castle may put its jar on the class path beside the verifier's (about six times
     * faster signature checks): the same verdicts, and the output names the code that checked the signatures.
     */
    @Test
    void withBouncyCastleOnTheClassPathTheSameVerdictsNameItsCode() throws Exception {
        Path bouncyCastle;
        try (var jars = java.nio.file.Files.list(Path.of("target/it-lib"))) {
            bouncyCastle = jars.filter(p -> p.getFileName().toString().startsWith("bcprov-jdk18on-")).findFirst().orElseThrow().toAbsolutePath();
        }
        String classPath = JAR + java.io.File.pathSeparator + bouncyCastle;
        TestExports exports = new TestExports(dir);
        Path honest = honest(exports);
        Path rewritten = rewritten(exports, 2);

        Result ok = java("-cp", classPath, VerifyExport.class.getName(), honest.toString(), "--key", exports.key(),
                "--producer-keys", TestExports.PRODUCER_KEYS);
        assertThat(ok.code()).as(ok.output()).isZero();
        assertThat(ok.output()).startsWith("OK: 8 entries (and 1 omitted leaves")
                .contains("8 producer signatures verified with Bouncy Castle's (" + bouncyCastle.getFileName() + ", SHA-256 "
                        + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(java.nio.file.Files.readAllBytes(bouncyCastle))) + ") Ed25519");

        Result caught = java("-cp", classPath, VerifyExport.class.getName(), rewritten.toString(), "--key", exports.key(),
                "--producer-keys", TestExports.PRODUCER_KEYS);
        assertThat(caught.code()).as(caught.output()).isEqualTo(1);
        assertThat(caught.output()).startsWith("FAIL: 1 of 8 entries fail their producer signature check")
                .contains("leaf index 2 (event " + TestExports.eventId(2) + ") does not match its producer signature");
    }

    /** A heap too small for a file's lines ends in a FAIL verdict that says so, not in a stack trace (nor an OK). */
    @Test
    void aHeapTooSmallForTheLinesIsAFailThatSaysSo() throws Exception {
        TestExports exports = new TestExports(dir);
        String header = exports.lines(TestExports.entries(3), Set.of()).getFirst();
        Path hostile = exports.write(List.of(header, "{\"kind\":\"entry\",\"entry\":\"" + "A".repeat(40 << 20) + "\"}"));

        Result result = java("-Xmx48m", "-jar", JAR.toString(), hostile.toString(), "--key", exports.key(), "--no-producer-signatures");
        assertThat(result.code()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).startsWith("FAIL: the export could not be checked within this JVM's heap (at most ")
                .contains("run java with a larger -Xmx");
    }

    @Test
    void theJarAlsoMakesCheckpointKeyPairs() throws Exception {
        Result keys = java("-cp", JAR.toString(), GenerateSigningKey.class.getName(), "example.se-audit-2027");
        assertThat(keys.code()).as(keys.output()).isZero();
        String[] lines = keys.output().split("\n");
        assertThat(lines[0]).startsWith("PRIVATE+KEY+example.se-audit-2027+");
        assertThat(lines[1]).startsWith("example.se-audit-2027+");
    }

    /** Nine signed entries, leaf 4 omitted by hash. */
    private static Path honest(TestExports exports) throws Exception {
        return exports.write(exports.lines(TestExports.entries(9), Set.of(4)));
    }

    /** The same with one entry's actor changed, tree and checkpoint rebuilt over the change, as the holder of the log's key could. */
    private static Path rewritten(TestExports exports, int changedLeaf) throws Exception {
        List<byte[]> changed = new ArrayList<>(TestExports.entries(9));
        byte[] bytes = changed.get(changedLeaf).clone();
        bytes[new String(bytes, StandardCharsets.UTF_8).indexOf(TestExports.ACTOR)] = 'j';
        changed.set(changedLeaf, bytes);
        return exports.write(exports.lines(changed, Set.of(4)));
    }

    private record Result(int code, String output) {
    }

    private static Result java(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        // a class missing from the jar would show as NoClassDefFoundError
        assertThat(output).doesNotContain("Exception", "Error");
        return new Result(process.exitValue(), output);
    }
}
