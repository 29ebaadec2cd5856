package org.messagebank.store;

import org.messagebank.store.domain.CaptureScript;
import org.messagebank.store.domain.Client;
import org.messagebank.store.domain.ClientNumber;
import org.messagebank.store.domain.ScriptField;

import java.util.List;
import java.util.Optional;

/** Clients, the numbers that reach them and their capture scripts. */
public interface ClientStore {

    Client create(String name, String greeting);

    Optional<Client> find(long clientId);

    /** Every client, ordered by id. */
    List<Client> list();

    Optional<Client> findByName(String name);

    /** A legal hold keeps the client's records past retention and blocks their erasure. */
    void setLegalHold(long clientId, boolean held);

    boolean onLegalHold(long clientId);

    /** Marks the service ceased now; ceasing a ceased client keeps the first date. */
    Client cease(long clientId);

    /**
     * Routes a number to a client.
     *
     * @throws ConflictException when the number already reaches a client
     */
    ClientNumber addNumber(long clientId, String e164);

    /** The client a dialled number (E.164) reaches. */
    Optional<ClientNumber> findNumber(String e164);

    List<ClientNumber> numbers(long clientId);

    /** Stores the fields as the client's next script version and returns it. */
    CaptureScript saveScript(long clientId, List<ScriptField> fields);

    Optional<CaptureScript> currentScript(long clientId);

    Optional<CaptureScript> script(long clientId, int version);

    /** Every version of the client's capture script, newest first; empty before the first is saved. */
    List<CaptureScript> scripts(long clientId);
}
