package se.samverkan.audit.witness;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP side of witnessing, over the public text endpoints of {@link WitnessController}: a log's latest signed
 * checkpoint, its consistency proof between two sizes, and a witness's latest cosigned checkpoint of an origin (C2SP
 * tlog-witness "monitor retrieval"). Answers are read up to a small bound: a peer is not trusted to be brief.
 */
class WitnessClient {

    static final String CHECKPOINT = "/api/audit/witness/checkpoint";
    static final String CONSISTENCY = "/api/audit/witness/consistency-proof";
    static final String COSIGNED = "/api/audit/witness/logs/";
    /** The submission prefix is the witness's base URL plus /api/audit/witness, as the monitoring one. */
    static final String ADD_CHECKPOINT = "/api/audit/witness/add-checkpoint";
    private static final int MAX_BYTES = 64 * 1024;

    /** The peer answered something other than 200 (404: nothing there yet). */
    static final class Unavailable extends RuntimeException {
        final int status;

        Unavailable(String message, int status) {
            super(message);
            this.status = status;
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    WitnessClient(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    String latestCheckpoint(URI log) {
        return get(log, CHECKPOINT);
    }

    List<byte[]> consistencyProof(URI log, long from, long to) {
        List<byte[]> proof = new ArrayList<>();
        for (String line : get(log, CONSISTENCY + "?from=" + from + "&to=" + to).split("\n")) {
            if (!line.isEmpty()) {
                byte[] hash = Base64.getDecoder().decode(line);
                if (hash.length != 32 || proof.size() >= 63) {
                    throw new IllegalArgumentException("not a consistency proof: a line is not a 32-byte hash, or over 63 lines");
                }
                proof.add(hash);
            }
        }
        return proof;
    }

    /** The witness's latest cosigned checkpoint of the origin, or empty when it never cosigned one. */
    Optional<String> cosignedCheckpoint(URI witness, String origin) {
        try {
            return Optional.of(get(witness, COSIGNED + originHash(origin) + "/checkpoint"));
        } catch (Unavailable e) {
            if (e.status == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** A witness's answer to add-checkpoint: its status and body (the cosignature lines, or the size on 409). */
    record Pushed(int status, String body) {
    }

    /** C2SP tlog-witness add-checkpoint: the old size, the proof lines, an empty line, the checkpoint. */
    Pushed addCheckpoint(URI witness, long oldSize, List<byte[]> proof, String note) {
        StringBuilder body = new StringBuilder("old ").append(oldSize).append('\n');
        proof.forEach(hash -> body.append(Base64.getEncoder().encodeToString(hash)).append('\n'));
        body.append('\n').append(note);
        URI uri = URI.create(witness.toString().replaceAll("/+$", "") + ADD_CHECKPOINT);
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                            .header("Content-Type", "text/plain; charset=utf-8")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new Unavailable(uri + " answered more than " + MAX_BYTES + " bytes", 502);
                }
                return new Pushed(response.statusCode(), new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new Unavailable(uri + " could not be reached: " + e.getClass().getSimpleName(), 503);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted", 503);
        }
    }

    static String originHash(String origin) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(origin.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String get(URI base, String path) {
        URI uri = URI.create(base.toString().replaceAll("/+$", "") + path);
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (response.statusCode() != 200) {
                    throw new Unavailable(uri + " answered " + response.statusCode(), response.statusCode());
                }
                if (bytes.length > MAX_BYTES) {
                    throw new Unavailable(uri + " answered more than " + MAX_BYTES + " bytes", 502);
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new Unavailable(uri + " could not be reached: " + e.getClass().getSimpleName(), 503);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted", 503);
        }
    }
}
