package org.messagebank.store.domain;

import java.time.Instant;

/**
 * One line of the append-only audit log: who did what to which record, never the record's
 * personal content. Each entry carries the hash of the previous one, so a changed or removed
 * entry breaks the chain.
 *
 * @param actor  who acted, e.g. {@code user:12} or {@code system:reaper}
 * @param action what was done, e.g. {@code message.read}
 * @param target the record acted on, e.g. {@code message:881}
 * @param detail free text without personal data, e.g. counts
 */
public record AuditEntry(long seq, Instant at, String actor, String action, String target, String detail,
                         String previousHash, String hash) {
}
