package org.messagebank.store.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A person in the business's own register, held as data controller: an enquiry, a reseller or
 * a marketing opt-in.
 */
public record RegisterContact(long id, Kind kind, Status status, String name, String company, String email,
                              String phone, String address, Instant createdAt, Instant statusAt) {
    public RegisterContact {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(name, "name");
    }

    public enum Kind {
        /** Kept while the enquiry is live; deleted when it does not proceed. */
        ENQUIRY,
        /** Kept while the service runs; deleted a set time after it ceases. */
        RESELLER,
        /** Kept until unsubscribe, then deleted at once. */
        MARKETING
    }

    public enum Status {
        ACTIVE, CEASED
    }

    @Override
    public String toString() {
        return "RegisterContact[id=" + id + ", kind=" + kind + ", status=" + status + "]";
    }
}
