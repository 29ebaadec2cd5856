package org.messagebank.store.jdbc;

import org.messagebank.store.AuditLog;
import org.messagebank.store.domain.AuditEntry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;

/**
 * The audit log as a hash chain: each entry's SHA-256 covers its fields and the previous hash.
 * Appends are group-committed: concurrent appends (logins, reads, captures, on every node) take the
 * chain's counter once per batch rather than once each, so they do not queue behind one another's
 * commits.
 */
final class JdbcAuditLog implements AuditLog, AutoCloseable {
    static final String GENESIS = "0".repeat(64);
    private static final String COLUMNS = "seq, at, actor, action, target, detail, previous_hash, hash";
    private static final int VERIFY_PAGE = 1000;
    /** How many entries one group commit may hold. */
    private static final int MAX_BATCH = 500;

    private record Append(Instant at, String actor, String action, String target, String detail) {
    }

    private final Jdbc jdbc;
    private final StoreClock clock;
    private final GroupCommitWriter<Append, AuditEntry> writer;

    JdbcAuditLog(Jdbc jdbc, StoreClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.writer = new GroupCommitWriter<>("audit-writer", MAX_BATCH, this::commit, GroupCommitWriter.NO_SYNC, entries -> { });
    }

    @Override
    public AuditEntry append(String actor, String action, String target, String detail) {
        return writer.write(List.of(new Append(clock.now(), actor, action, target, detail))).getFirst();
    }

    /** Appends the batch to the chain in one transaction, under the chain's counter. */
    private List<AuditEntry> commit(List<Append> batch) {
        return jdbc.inTransaction(c -> {
            long seq = Jdbc.allocate(c, "audit_seq", batch.size());
            String previous = Jdbc.query(c, "SELECT hash FROM audit_log WHERE seq = ?", rs -> rs.getString(1), seq - 1)
                    .stream().findFirst().orElse(GENESIS);
            var entries = new ArrayList<AuditEntry>(batch.size());
            try (var insert = c.prepareStatement("INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (var a : batch) {
                    String hash = hash(seq, a.at(), a.actor(), a.action(), a.target(), a.detail(), previous);
                    Jdbc.bind(insert, seq, a.at(), a.actor(), a.action(), a.target(), a.detail(), previous, hash);
                    insert.addBatch();
                    entries.add(new AuditEntry(seq, a.at(), a.actor(), a.action(), a.target(), a.detail(), previous, hash));
                    previous = hash;
                    seq++;
                }
                insert.executeBatch();
            }
            return entries;
        });
    }

    @Override
    public void close() {
        writer.close();
    }

    @Override
    public List<AuditEntry> list(Long beforeSeq, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT " + Math.max(1, Math.min(limit, 1000)),
                JdbcAuditLog::entry, beforeSeq == null ? Long.MAX_VALUE : beforeSeq);
    }

    /**
     * Walks the chain from the oldest entry kept. Entries older than the audit retention are
     * deleted by the reaper, so the oldest kept entry's previous hash is the anchor.
     */
    @Override
    public OptionalLong firstBrokenLink() {
        var oldest = jdbc.query("SELECT " + COLUMNS + " FROM audit_log ORDER BY seq LIMIT 1", JdbcAuditLog::entry);
        if (oldest.isEmpty()) {
            return OptionalLong.empty();
        }
        String previous = oldest.getFirst().previousHash();
        long expectedSeq = oldest.getFirst().seq();
        while (true) {
            var page = jdbc.query("SELECT " + COLUMNS + " FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT " + VERIFY_PAGE,
                    JdbcAuditLog::entry, expectedSeq);
            if (page.isEmpty()) {
                return OptionalLong.empty();
            }
            for (var e : page) {
                boolean intact = e.seq() == expectedSeq && e.previousHash().equals(previous)
                        && e.hash().equals(hash(e.seq(), e.at(), e.actor(), e.action(), e.target(), e.detail(), previous));
                if (!intact) {
                    return OptionalLong.of(expectedSeq);
                }
                previous = e.hash();
                expectedSeq++;
            }
        }
    }

    static String hash(long seq, Instant at, String actor, String action, String target, String detail, String previous) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {Long.toString(seq), at.toString(), actor, action, target, detail, previous}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
                digest.update((byte) ':');
                digest.update(bytes);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("seq"), Jdbc.instant(rs, "at"), rs.getString("actor"), rs.getString("action"),
                rs.getString("target"), rs.getString("detail"), rs.getString("previous_hash"), rs.getString("hash"));
    }
}
