package org.messagebank.store;

import org.messagebank.store.domain.AuditEntry;

import java.util.List;
import java.util.OptionalLong;

/**
 * The append-only, hash-chained audit log. Entries name records by id and never hold their
 * personal content.
 */
public interface AuditLog {

    AuditEntry append(String actor, String action, String target, String detail);

    /** Newest first, entries with a sequence below {@code beforeSeq} (null: from the newest). */
    List<AuditEntry> list(Long beforeSeq, int limit);

    /** The sequence of the first entry whose hash does not match the chain, if any. */
    OptionalLong firstBrokenLink();
}
