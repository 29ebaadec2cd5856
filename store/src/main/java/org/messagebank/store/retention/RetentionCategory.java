package org.messagebank.store.retention;

/**
 * A kind of record the reaper deletes by age. Enquiries that do not proceed and marketing
 * contacts who unsubscribe are not here: the register deletes them at once.
 */
public enum RetentionCategory {
    /** Messages and caller details, from capture. */
    MESSAGES("messages past retention"),
    /** Every message of a client whose service ceased, from ceasing. */
    CEASED_CLIENT_MESSAGES("messages of ceased clients"),
    /** Calls that no kept message refers to, from the start of the call. */
    CALLS("calls without a kept message"),
    /** The account data (name, greeting, numbers, users) of a ceased client, from ceasing. */
    CEASED_CLIENT_ACCOUNTS("ceased client accounts"),
    /** Ceased clients whose account is erased and who have nothing left. */
    EMPTY_CLIENTS("empty ceased clients"),
    /** Resellers whose service ceased, from ceasing. */
    CEASED_RESELLERS("ceased resellers"),
    /** Audit-log entries. */
    AUDIT("audit entries"),
    /** Outbox entries (ids only) every follower has long applied. */
    OUTBOX("outbox entries");

    private final String description;

    RetentionCategory(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
