package org.messagebank.store;

import org.messagebank.store.domain.Contact;
import org.messagebank.store.domain.DeliveryRules;

import java.util.List;
import java.util.Optional;

/** A client's contacts and delivery rules. */
public interface ContactStore {

    /** Stores a new contact (its id is ignored) and returns it with its id. */
    Contact add(Contact contact);

    Optional<Contact> find(long contactId);

    /** The client's contacts, ordered by id. */
    List<Contact> list(long clientId);

    /** The client's escalation list, first to be reached first. */
    List<Contact> escalationList(long clientId);

    /** Contacts, of any client, whose mobile is this E.164 number. */
    List<Contact> findByMobile(String e164);

    /** Replaces the stored contact with this id and client; false if the client has no such contact. */
    boolean update(Contact contact);

    /** Deletes the contact; true if it existed. */
    boolean delete(long contactId);

    /** The client's rules, or {@link DeliveryRules#defaults} when it has set none. */
    DeliveryRules rules(long clientId);

    /** Replaces the client's rules. */
    void saveRules(DeliveryRules rules);
}
