package org.messagebank.store;

import org.messagebank.store.domain.Operator;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Operators and which clients each may answer. */
public interface OperatorStore {

    Operator create(String name, String endpoint);

    Optional<Operator> find(long operatorId);

    List<Operator> list();

    /** Allows the operator to answer the client's calls; allowing twice is harmless. */
    void allow(long operatorId, long clientId);

    void disallow(long operatorId, long clientId);

    Set<Long> allowedClients(long operatorId);
}
