package org.messagebank.store;

import org.messagebank.store.domain.RegisterContact;
import org.messagebank.store.domain.RegisterContact.Kind;

import java.util.List;
import java.util.Optional;

/** The business's own contacts register (enquiries, resellers, marketing opt-ins). */
public interface RegisterStore {

    RegisterContact add(Kind kind, String name, String company, String email, String phone, String address);

    Optional<RegisterContact> find(long id);

    List<RegisterContact> list(Kind kind);

    /** The enquiry did not proceed: its record is deleted now. Returns whether it existed. */
    boolean enquiryDidNotProceed(long id);

    /** The reseller's service ceased: the record is kept for the ceased-reseller retention, then reaped. */
    void resellerCeased(long id);

    /** Deletes the record whatever its kind (erasure); returns whether it existed. */
    boolean erase(long id);

    /** Unsubscribe (or objection to marketing): the record is deleted now. Returns whether it existed. */
    boolean unsubscribe(long id);
}
