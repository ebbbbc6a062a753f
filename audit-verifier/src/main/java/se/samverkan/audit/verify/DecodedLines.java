package se.samverkan.audit.verify;

import se.samverkan.audit.tlog.Rfc6962;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The lines after the header, read in order on a thread of their own and decoded (the JSON, the base64 members, the
 * leaf hash: most of the structural pass's work) on others, a bounded number of chunks ahead of the verifier. Nothing
 * is judged here: whatever a step met (a malformed line, bad base64, an unreadable byte, a failed read) is kept with
 * the line or its chunk and surfaces only when the verifier asks for that value, in the order it asks on one thread.
 * So the verifier meets everything, failures included, exactly where it met it when it read and decoded each line
 * itself. The input is read to its end (the verifier reads on after the {@code end} line, to refuse a file that goes
 * on after it) or to its first failure, whichever comes first.
 */
final class DecodedLines implements AutoCloseable {

    static final int CHUNK = 256;
    /** A chunk ends after this many characters (or bytes) too: what waits is bounded whatever the lines' length. */
    static final int CHUNK_CHARS = 1 << 20;
    static final int CHUNKS_AHEAD_PER_THREAD = 4;
    /**
     * Characters (or bytes) of lines read but not yet taken by the verifier, across all chunks. The chunk count alone
     * bounds memory by cores times the longest line: on many cores, a hostile file of lines near {@link
     * LineSource#MAX_LINE_BYTES} would fill gigabytes. A chunk larger than this still passes, alone. The service's
     * exports (lines of kilobytes, under a megabyte a chunk) never reach it.
     */
    static final long CHARS_AHEAD = 64L << 20;

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

        /** @param ascii null, or the line's bytes when they are all ASCII: then {@code text} is null, and they are read as they are */
        private Decoded(int number, String text, byte[] ascii, MessageDigest sha) {
            this.number = number;
            this.blank = ascii != null ? isBlank(ascii) : text.isBlank();
            if (blank) {
                return;
            }
            try {
                line = ascii != null ? Line.ofAscii(ascii, number) : Line.of(text, number);
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

        /** As {@link String#isBlank()} for the text of these ASCII bytes. */
        private static boolean isBlank(byte[] ascii) {
            for (byte b : ascii) {
                if (!Character.isWhitespace((char) b)) {
                    return false;
                }
            }
            return true;
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
    private record Chunk(List<Decoded> lines, IOException readFailure, boolean last, long chars) {
    }

    private record Raw(int firstNumber, List<LineSource.RawLine> raws, IOException readFailure, boolean last, long chars) {

        Chunk decode() {
            MessageDigest sha = Rfc6962.sha256();
            List<Decoded> decoded = new ArrayList<>(raws.size());
            for (int i = 0; i < raws.size(); i++) {
                LineSource.RawLine raw = raws.get(i);
                byte[] ascii = raw.asciiBytes();
                String text = null;
                if (ascii == null) {
                    try {
                        text = raw.text();
                    } catch (CharacterCodingException e) {
                        // as a reader would have: the lines before this one, then the failure, and nothing after it
                        return new Chunk(decoded, e, true, chars);
                    }
                }
                decoded.add(new Decoded(firstNumber + i, text, ascii, sha));
            }
            return new Chunk(decoded, readFailure, last, chars);
        }
    }

    private final LineSource source;
    /** Null with one thread: each chunk is then read and decoded on the calling thread when it is reached. */
    private final ExecutorService pool;
    /** Chunks being decoded, in order; filled by {@link #reader}, bounded, so reading stays a few chunks ahead. */
    private final BlockingQueue<Future<Chunk>> ahead;
    private final Thread reader;
    private volatile boolean closed;
    private final long charsAheadLimit;
    private final Object budget = new Object();
    /** Characters of the chunks handed on and not yet taken ({@link #CHARS_AHEAD}); guarded by {@link #budget}. */
    private long charsAhead;
    private long mostCharsAhead;
    /** Touched only by whoever reads: {@link #reader}, or the calling thread when there is none. */
    private int nextNumber;
    private Chunk current;
    private int position;

    /**
     * @param lastNumber the number of the line already read (the header)
     * @param threads    1 or fewer: each chunk read and decoded on the calling thread when it is reached; more: the
     *                   lines are read on a thread of their own and decoded on this many, so the calling thread only
     *                   checks (it was the bottleneck while it also found the line ends and copied every line)
     */
    DecodedLines(LineSource source, int lastNumber, int threads) {
        this(source, lastNumber, threads, CHARS_AHEAD);
    }

    DecodedLines(LineSource source, int lastNumber, int threads, long charsAheadLimit) {
        this.source = source;
        this.nextNumber = lastNumber + 1;
        this.charsAheadLimit = charsAheadLimit;
        if (threads <= 1) {
            this.pool = null;
            this.ahead = null;
            this.reader = null;
            return;
        }
        this.pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "export-verifier-decode");
            thread.setDaemon(true); // a verifier that returns early must not keep the JVM alive
            return thread;
        });
        this.ahead = new ArrayBlockingQueue<>(threads * CHUNKS_AHEAD_PER_THREAD);
        this.reader = new Thread(this::readAhead, "export-verifier-read");
        reader.setDaemon(true);
        reader.start();
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
        if (pool == null) {
            return read().decode();
        }
        try {
            Future<Chunk> next;
            while ((next = ahead.poll(100, TimeUnit.MILLISECONDS)) == null) {
                // the reading thread hands on every chunk, its failures included, before it ends; should it still end
                // without one (nothing here interrupts it), say so rather than wait for ever
                if (!reader.isAlive() && ahead.isEmpty()) {
                    throw new IllegalStateException("the export's reading thread ended before the end of the export");
                }
            }
            Chunk chunk = next.get();
            synchronized (budget) {
                charsAhead -= chunk.chars();
                budget.notifyAll();
            }
            return chunk;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding the export", e);
        } catch (ExecutionException e) {
            // Decoded keeps every failure of a line, and a chunk every failure of reading; only something outside
            // those (out of memory) ends up here
            switch (e.getCause()) {
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** The reading thread: every chunk to the end of the input (or its first failure), each handed to the decoders. */
    private void readAhead() {
        try {
            while (!closed) {
                Raw raw = read();
                if (!makeRoom(raw.chars()) || !hand(pool.submit(raw::decode)) || raw.last() || raw.readFailure() != null) {
                    return;
                }
            }
        } catch (RuntimeException | Error e) {
            // whatever broke here goes to the verifier, which would otherwise wait for a chunk that never comes
            hand(CompletableFuture.failedFuture(e));
        }
    }

    /**
     * Waits until the chunks handed on and not yet taken hold few enough characters that these fit under the limit (or
     * none are left, for a chunk beyond the limit by itself), then counts these; false once the verifier has closed this.
     */
    private boolean makeRoom(long chars) {
        synchronized (budget) {
            while (charsAhead > 0 && charsAhead + chars > charsAheadLimit) {
                if (closed) {
                    return false;
                }
                try {
                    budget.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            charsAhead += chars;
            mostCharsAhead = Math.max(mostCharsAhead, charsAhead);
            return true;
        }
    }

    /** What the reading thread is doing (for tests): it waits (TIMED_WAITING) for room, for the queue or for the budget. */
    Thread.State readerState() {
        return reader == null ? Thread.State.TERMINATED : reader.getState();
    }

    /** The most characters that were ever handed on and not yet taken (for tests). */
    long mostCharsAhead() {
        synchronized (budget) {
            return mostCharsAhead;
        }
    }

    /** Queues a chunk, waiting while the queue is full; false once the verifier has closed this. */
    private boolean hand(Future<Chunk> chunk) {
        try {
            while (!ahead.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    chunk.cancel(true);
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Up to {@link #CHUNK} lines or {@link #CHUNK_CHARS} characters (or bytes), stopping early at the end of the file
     * or at a line that cannot be read.
     */
    private Raw read() {
        int first = nextNumber;
        List<LineSource.RawLine> raws = new ArrayList<>(CHUNK);
        IOException failure = null;
        boolean last = false;
        long chars = 0;
        while (raws.size() < CHUNK && chars < CHUNK_CHARS) {
            LineSource.RawLine raw;
            try {
                raw = source.read();
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
        }
        return new Raw(first, raws, failure, last, chars);
    }

    @Override
    public void close() {
        if (pool != null) {
            // the reading thread sees this within 100 ms if it waits on a full queue, or after its current read
            closed = true;
            ahead.forEach(future -> future.cancel(true));
            ahead.clear();
            pool.shutdownNow();
        }
    }
}
