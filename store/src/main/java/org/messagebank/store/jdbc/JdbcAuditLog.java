package org.messagebank.store.jdbc;

import org.messagebank.store.AuditLog;
import org.messagebank.store.domain.AuditEntry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;

/** The audit log as a hash chain: each entry's SHA-256 covers its fields and the previous hash. */
final class JdbcAuditLog implements AuditLog {
    static final String GENESIS = "0".repeat(64);
    private static final String COLUMNS = "seq, at, actor, action, target, detail, previous_hash, hash";
    private static final int VERIFY_PAGE = 1000;

    private final Jdbc jdbc;
    private final StoreClock clock;

    JdbcAuditLog(Jdbc jdbc, StoreClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public AuditEntry append(String actor, String action, String target, String detail) {
        var now = clock.now();
        return jdbc.inTransaction(c -> {
            long seq = Jdbc.allocate(c, "audit_seq", 1);
            String previous = Jdbc.query(c, "SELECT hash FROM audit_log WHERE seq = ?", rs -> rs.getString(1), seq - 1)
                    .stream().findFirst().orElse(GENESIS);
            String hash = hash(seq, now, actor, action, target, detail, previous);
            Jdbc.update(c, "INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    seq, now, actor, action, target, detail, previous, hash);
            return new AuditEntry(seq, now, actor, action, target, detail, previous, hash);
        });
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
