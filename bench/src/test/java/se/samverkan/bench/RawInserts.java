package se.samverkan.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The floor to compare with: single-row INSERTs, each its own transaction (autocommit), from as many clients as
 * case-service has database connections, against the same PostgreSQL with the same settings, in a scratch table of
 * the superuser's own database that is dropped afterwards.
 */
final class RawInserts {

    record Result(double rowsPerSecond, int clients, Map<String, String> settings) {
    }

    private final BenchSettings bench;

    RawInserts(BenchSettings bench) {
        this.bench = bench;
    }

    Result run() throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection admin = bench.superuser(); Statement statement = admin.createStatement()) {
            for (String name : List.of("fsync", "synchronous_commit", "full_page_writes", "wal_level", "shared_buffers")) {
                try (ResultSet rs = statement.executeQuery("SHOW " + name)) {
                    rs.next();
                    settings.put(name, rs.getString(1));
                }
            }
            statement.execute("DROP TABLE IF EXISTS bench_raw_insert");
            statement.execute("CREATE TABLE bench_raw_insert (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), payload text NOT NULL)");
        }
        long end = System.nanoTime() + bench.pgDuration().toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(bench.pgClients());
        List<Future<Long>> counts = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < bench.pgClients(); i++) {
            counts.add(clients.submit(() -> {
                long rows = 0;
                try (Connection connection = bench.superuser();
                     PreparedStatement insert = connection.prepareStatement("INSERT INTO bench_raw_insert (payload) VALUES (?)")) {
                    connection.setAutoCommit(true);
                    while (System.nanoTime() < end) {
                        insert.setString(1, "{\"kind\":\"raw\",\"n\":" + rows + "}");
                        insert.executeUpdate();
                        rows++;
                    }
                }
                return rows;
            }));
        }
        long total = 0;
        for (Future<Long> count : counts) {
            total += count.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        clients.shutdown();
        try (Connection admin = bench.superuser(); Statement statement = admin.createStatement()) {
            statement.execute("DROP TABLE bench_raw_insert");
        }
        return new Result(total / seconds, bench.pgClients(), settings);
    }
}
