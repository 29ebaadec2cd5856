package org.messagebank.store;

import org.messagebank.store.domain.RoutingSettings;

import java.util.Optional;

/** Each client's call routing settings: maximum queue wait and overflow. */
public interface RoutingStore {

    /** The client's own settings, if it has any. */
    Optional<RoutingSettings> find(long clientId);

    /**
     * Creates or replaces the client's settings.
     *
     * @throws NotFoundException when the client does not exist
     */
    RoutingSettings save(RoutingSettings settings);
}
