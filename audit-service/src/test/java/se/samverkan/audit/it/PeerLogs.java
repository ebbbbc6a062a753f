package se.samverkan.audit.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.CompactRange;
import se.samverkan.audit.tlog.Cosignatures;
import se.samverkan.audit.tlog.MerkleProofs;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.tlog.Rfc6962;
import se.samverkan.audit.tlog.SignedNote;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Other municipalities' audit logs for the module ITs, over real HTTP in the C2SP text forms audit-service's witness
 * endpoints use: each peer is a Merkle tree over its own leaves with its own checkpoint key, which a test can grow,
 * rebuild from altered leaves and re-sign, or roll back — what a database superuser holding the key could do to a real
 * log. The same server also acts as a witness of the service's log (its monitoring endpoint cosigns what the service
 * serves as its latest checkpoint), so the service's collection of cosignatures is tested against real signatures.
 * The end-to-end test (local-stack AttackerWitnessIT) uses a second real audit-service instead.
 */
final class PeerLogs {

    static final class Peer {
        final String origin;
        final NoteKeys.Signer key;
        private List<byte[]> leaves = new ArrayList<>();
        private String note;

        Peer(String origin) {
            this.origin = origin;
            this.key = NoteKeys.parseSigner(NoteKeys.generateSigner(origin.replace('/', '-')));
        }

        synchronized void append(int n) {
            for (int i = 0; i < n; i++) {
                leaves.add(Rfc6962.leafHash((origin + "/" + leaves.size()).getBytes(StandardCharsets.UTF_8)));
            }
            sign();
        }

        /** The superuser's rewrite: leaf {@code index} changed, the tree rebuilt to {@code size} leaves, re-signed with the log's key. */
        synchronized void rebuild(int index, int size) {
            List<byte[]> rebuilt = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                rebuilt.add(i == index ? Rfc6962.leafHash(("altered " + i).getBytes(StandardCharsets.UTF_8))
                        : i < leaves.size() ? leaves.get(i) : Rfc6962.leafHash((origin + "/" + i).getBytes(StandardCharsets.UTF_8)));
            }
            leaves = rebuilt;
            sign();
        }

        /** Cut off after {@code size} leaves and re-signed. */
        synchronized void rollBack(int size) {
            leaves = new ArrayList<>(leaves.subList(0, size));
            sign();
        }

        synchronized String noteNow() {
            return note;
        }

        synchronized long size() {
            return leaves.size();
        }

        private void sign() {
            note = SignedNote.sign(new Checkpoint(origin, leaves.size(), tree().root(leaves.size())).body(), key);
        }

        private MerkleProofs tree() {
            Map<String, byte[]> nodes = new HashMap<>();
            CompactRange range = CompactRange.empty();
            for (byte[] leaf : leaves) {
                range.append(leaf).forEach(node -> nodes.put(node.level() + "/" + node.index(), node.hash()));
            }
            return new MerkleProofs((level, index) -> nodes.get(level + "/" + index));
        }

        synchronized String proof(long from, long to) {
            StringBuilder out = new StringBuilder();
            tree().consistency(from, to).forEach(h -> out.append(java.util.Base64.getEncoder().encodeToString(h)).append('\n'));
            return out.toString();
        }
    }

    private static PeerLogs instance;

    final Map<String, Peer> peers = new ConcurrentHashMap<>();
    final Cosignatures.Cosigner witness = Cosignatures.parseCosigner(Cosignatures.generateCosigner("peer.test/witness"));
    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    /** The service this fake witness watches (set once its port is known). */
    volatile URI witnessed;
    /**
     * A note of the watched log this fake witness serves as cosigned instead of what the log serves now (null: what it
     * serves), as a witness that was shown another checkpoint signed with the log's key would.
     */
    volatile String cosigns;

    private PeerLogs() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static synchronized PeerLogs instance() {
        if (instance == null) {
            try {
                instance = new PeerLogs();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    Peer peer(String origin) {
        return peers.computeIfAbsent(origin, Peer::new);
    }

    URI url(String origin) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + origin.replace('/', '_'));
    }

    URI witnessUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/witness");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getQuery();
        try {
            if (path.equals("/witness/api/audit/witness/add-checkpoint")) {
                addCheckpoint(exchange);
                return;
            }
            if (path.startsWith("/witness/api/audit/witness/logs/")) {
                // cosign whatever the watched service serves now (a witness that checks nothing: enough to test collection)
                String shown = cosigns;
                String note = shown != null ? shown : http.send(HttpRequest.newBuilder(URI.create(witnessed
                        + "/api/audit/witness/checkpoint")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
                String body = note.substring(0, note.lastIndexOf("\n\n") + 1);
                String logLines = note.substring(note.lastIndexOf("\n\n") + 1);
                reply(exchange, 200, body + logLines + Cosignatures.cosign(body, witness, Instant.now().getEpochSecond()));
                return;
            }
            String prefix = path.substring(1, path.indexOf('/', 1));
            Peer peer = peers.get(prefix.replace('_', '/'));
            if (peer == null) {
                reply(exchange, 404, "no such log\n");
            } else if (path.endsWith("/api/audit/witness/checkpoint")) {
                String note = peer.note;
                reply(exchange, note == null ? 404 : 200, note == null ? "no checkpoint yet\n" : note);
            } else if (path.endsWith("/api/audit/witness/consistency-proof")) {
                Map<String, Long> params = new HashMap<>();
                for (String pair : query.split("&")) {
                    params.put(pair.substring(0, pair.indexOf('=')), Long.parseLong(pair.substring(pair.indexOf('=') + 1)));
                }
                if (params.get("to") > peer.size() || params.get("from") > params.get("to")) {
                    reply(exchange, 400, "bad range\n");
                } else {
                    reply(exchange, 200, peer.proof(params.get("from"), params.get("to")));
                }
            } else {
                reply(exchange, 404, "not found\n");
            }
        } catch (Exception e) {
            reply(exchange, 500, e.toString());
        }
    }

    /** What this fake witness last cosigned of the service's log through add-checkpoint (size, root). */
    volatile long pushedSize;
    volatile byte[] pushedRoot;
    final java.util.concurrent.atomic.AtomicInteger pushes = new java.util.concurrent.atomic.AtomicInteger();

    /** C2SP add-checkpoint as a witness does it: old size must match, the proof must verify, then cosign. */
    private synchronized void addCheckpoint(HttpExchange exchange) throws IOException {
        pushes.incrementAndGet();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int blank = body.indexOf("\n\n");
        String[] head = body.substring(0, blank).split("\n");
        long old = Long.parseLong(head[0].substring(4));
        List<byte[]> proof = new ArrayList<>();
        for (int i = 1; i < head.length; i++) {
            proof.add(java.util.Base64.getDecoder().decode(head[i]));
        }
        String note = body.substring(blank + 2);
        String checkpointBody = note.substring(0, note.indexOf("\n\n") + 1);
        String[] lines = checkpointBody.split("\n");
        long size = Long.parseLong(lines[1]);
        byte[] root = java.util.Base64.getDecoder().decode(lines[2]);
        if (old != pushedSize) {
            exchange.getResponseHeaders().add("Content-Type", "text/x.tlog.size");
            reply(exchange, 409, pushedSize + "\n");
            return;
        }
        if (old > 0 && old < size && !se.samverkan.audit.tlog.ProofVerifier.verifyConsistency(old, size, pushedRoot, root, proof)) {
            reply(exchange, 422, "inconsistent\n");
            return;
        }
        pushedSize = size;
        pushedRoot = root;
        reply(exchange, 200, Cosignatures.cosign(checkpointBody, witness, Instant.now().getEpochSecond()));
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
