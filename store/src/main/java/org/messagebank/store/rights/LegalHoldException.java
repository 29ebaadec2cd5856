package org.messagebank.store.rights;

import java.util.List;

/** An erasure was refused because records are under a legal hold; nothing was erased. */
public final class LegalHoldException extends RuntimeException {
    private final List<Long> heldMessageIds;

    public LegalHoldException(List<Long> heldMessageIds) {
        super(heldMessageIds.size() + " message(s) are under a legal hold (ids " + heldMessageIds
                + "); nothing was erased. Lift the hold first if the law allows it.");
        this.heldMessageIds = List.copyOf(heldMessageIds);
    }

    public List<Long> heldMessageIds() {
        return heldMessageIds;
    }
}
