package se.samverkan.audit.verify;

import se.samverkan.audit.tlog.Rfc6962;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The lines after the header, read in order on the calling thread and decoded (the JSON, the base64 members, the leaf
 * hash: most of the structural pass's work) on other threads, a bounded number of chunks ahead. Nothing is judged
 * here: whatever a step met (a malformed line, bad base64, an unreadable byte) is kept with the line and surfaces only
 * when the verifier asks for that value, in the order it asks on one thread. So the verifier meets everything,
 * failures included, exactly where it met it when it decoded each line itself. Reading pauses after what looks like
 * the {@code end} line and goes on only if the verifier asks for more (it does, to refuse a file that goes on after
 * its end).
 */
final class DecodedLines implements AutoCloseable {

    static final int CHUNK = 256;
    /** A chunk ends after this many characters (or bytes) too: what waits is bounded whatever the lines' length. */
    static final int CHUNK_CHARS = 1 << 20;
    static final int CHUNKS_AHEAD_PER_THREAD = 4;

    /** One line, with each decoded value or what its decoding threw (which the accessor throws). */
    static final class Decoded {
        final int number;
        final boolean blank;
        private Line line;
        private Throwable lineFailure;
        private byte[] entry;
        private Throwable entryFailure;
        private byte[] leafHash;
        private Throwable leafHashFailure;
        private List<byte[]> proof;
        private Throwable proofFailure;

        private Decoded(int number, String text, byte[] ascii, MessageDigest sha) {
            this.number = number;
            this.blank = text.isBlank();
            if (blank) {
                return;
            }
            try {
                line = Line.of(text, ascii, number);
            } catch (RuntimeException | Error e) {
                lineFailure = e;
                return;
            }
            // what the verifier will ask for, each step on its own: one that throws does not stop the others
            String kind = line.optionalString("kind");
            boolean isEntry = "entry".equals(kind);
            if (!isEntry && !"omitted".equals(kind)) {
                return;
            }
            if (isEntry) {
                try {
                    entry = line.base64("entry");
                    leafHash = Rfc6962.leafHash(sha, entry);
                } catch (RuntimeException | Error e) {
                    entryFailure = e;
                }
            } else {
                try {
                    leafHash = line.base64("leafHash");
                } catch (RuntimeException | Error e) {
                    leafHashFailure = e;
                }
            }
            try {
                proof = line.base64List("inclusionProof");
            } catch (RuntimeException | Error e) {
                proofFailure = e;
            }
        }

        Line line() {
            return value(line, lineFailure);
        }

        /** An entry line's bytes ({@code line().base64("entry")}). */
        byte[] entry() {
            return value(entry, entryFailure);
        }

        /** An entry's leaf hash over {@link #entry()}, or an omitted leaf's {@code line().base64("leafHash")}. */
        byte[] leafHash() {
            return value(leafHash, entryFailure != null ? entryFailure : leafHashFailure);
        }

        /** {@code line().base64List("inclusionProof")}: null where the service could build none. */
        List<byte[]> proof() {
            return value(proof, proofFailure);
        }

        private static <T> T value(T value, Throwable failure) {
            switch (failure) {
                case null -> {
                    return value;
                }
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException(failure);
            }
        }
    }

    /** A chunk as read: its lines, then possibly what reading threw next, or the end of the file. */
    private record Chunk(List<Decoded> lines, IOException readFailure, boolean last) {
    }

    private record Raw(int firstNumber, List<LineSource.RawLine> raws, IOException readFailure, boolean last) {

        Chunk decode() {
            MessageDigest sha = Rfc6962.sha256();
            List<Decoded> decoded = new ArrayList<>(raws.size());
            for (int i = 0; i < raws.size(); i++) {
                String text;
                try {
                    text = raws.get(i).text();
                } catch (CharacterCodingException e) {
                    // as a reader would have: the lines before this one, then the failure, and nothing after it
                    return new Chunk(decoded, e, true);
                }
                decoded.add(new Decoded(firstNumber + i, text, raws.get(i).ascii(text), sha));
            }
            return new Chunk(decoded, readFailure, last);
        }
    }

    private final LineSource source;
    private final ExecutorService pool;
    private final int chunksAhead;
    private final ArrayDeque<Future<Chunk>> ahead = new ArrayDeque<>();
    private int nextNumber;
    private boolean readAll;
    private boolean pausedAtEnd;
    private Chunk current;
    private int position;

    /**
     * @param lastNumber the number of the line already read (the header)
     * @param threads    1 or fewer: each chunk decoded on the calling thread when it is reached
     */
    DecodedLines(LineSource source, int lastNumber, int threads) {
        this.source = source;
        this.nextNumber = lastNumber + 1;
        this.pool = threads <= 1 ? null : Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "export-verifier-decode");
            thread.setDaemon(true); // a verifier that returns early must not keep the JVM alive
            return thread;
        });
        this.chunksAhead = Math.max(1, threads) * CHUNKS_AHEAD_PER_THREAD;
    }

    /** Threads that decode: one per core (the reading thread's own checks are the smaller part). */
    static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * The next line, or null at the end of the file.
     *
     * @throws IOException what reading this line threw (as {@code readLine} would have, at this line)
     */
    Decoded next() throws IOException {
        while (current == null || position == current.lines().size()) {
            if (current != null && (current.readFailure() != null || current.last())) {
                if (current.readFailure() != null) {
                    throw current.readFailure();
                }
                return null;
            }
            current = take();
            position = 0;
        }
        return current.lines().get(position++);
    }

    private Chunk take() {
        if (ahead.isEmpty()) {
            pausedAtEnd = false; // that line was not the end after all (or not one the verifier took as such)
        }
        if (pool == null) {
            return read().decode();
        }
        readAhead();
        Future<Chunk> first = ahead.removeFirst();
        try {
            Chunk chunk = first.get();
            readAhead();
            return chunk;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding the export", e);
        } catch (ExecutionException e) {
            // Decoded keeps every failure of a line; only something outside that (out of memory) ends up here
            switch (e.getCause()) {
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    private void readAhead() {
        while (ahead.size() < chunksAhead && !readAll && !pausedAtEnd) {
            Raw raw = read();
            ahead.addLast(pool.submit(raw::decode));
        }
    }

    /**
     * Up to {@link #CHUNK} lines or {@link #CHUNK_CHARS} characters (or bytes), stopping early at the end of the file, at a line
     * that cannot be read, or after what looks like the {@code end} line: the verifier stops there, so reading on
     * waits until it has taken everything before (the look is only a guess that saves reading; nothing is judged by it).
     */
    private Raw read() {
        int first = nextNumber;
        List<LineSource.RawLine> raws = new ArrayList<>(CHUNK);
        IOException failure = null;
        boolean last = false;
        long chars = 0;
        while (raws.size() < CHUNK && chars < CHUNK_CHARS && !pausedAtEnd) {
            LineSource.RawLine raw;
            try {
                raw = source.read();
            } catch (LineSource.LineTooLongException e) {
                failure = e.at(nextNumber);
                break;
            } catch (IOException e) {
                failure = e;
                break;
            }
            if (raw == null) {
                last = true;
                break;
            }
            raws.add(raw);
            nextNumber++;
            chars += raw.length();
            pausedAtEnd = raw.mayBeEnd();
        }
        readAll = failure != null || last;
        return new Raw(first, raws, failure, last);
    }

    @Override
    public void close() {
        if (pool != null) {
            ahead.forEach(future -> future.cancel(true));
            pool.shutdownNow();
        }
    }
}
