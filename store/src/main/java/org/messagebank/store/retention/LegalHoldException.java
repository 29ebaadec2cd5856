package org.messagebank.store.retention;

import java.util.List;

/** A deletion was refused because records are under a legal hold; nothing was deleted. */
public final class LegalHoldException extends RuntimeException {
    private final List<Long> heldMessageIds;

    /** Messages under a hold stopped an erasure. */
    public LegalHoldException(List<Long> heldMessageIds) {
        this(heldMessageIds.size() + " message(s) are under a legal hold (ids " + heldMessageIds
                + "); nothing was erased. Lift the hold first if the law allows it.", heldMessageIds);
    }

    public LegalHoldException(String message) {
        this(message, List.of());
    }

    private LegalHoldException(String message, List<Long> heldMessageIds) {
        super(message);
        this.heldMessageIds = List.copyOf(heldMessageIds);
    }

    public List<Long> heldMessageIds() {
        return heldMessageIds;
    }
}
