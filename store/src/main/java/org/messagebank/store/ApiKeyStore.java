package org.messagebank.store;

import org.messagebank.store.domain.ApiKey;

import java.util.List;
import java.util.Optional;

/** API keys, kept by the hash of the key. */
public interface ApiKeyStore {

    ApiKey create(String name, long userId, String keyHash);

    /** The key with this hash, noting its use now. */
    Optional<ApiKey> use(String keyHash);

    List<ApiKey> list();

    /** Revokes the key; returns whether it existed. */
    boolean revoke(long id);
}
