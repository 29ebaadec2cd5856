package org.messagebank.store.rights;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.Call;
import org.messagebank.store.domain.Contact;
import org.messagebank.store.domain.Dispatch;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.RegisterContact;
import org.messagebank.store.domain.User;
import org.messagebank.store.index.MessageIndex;
import org.messagebank.store.index.SearchQuery;
import org.messagebank.store.retention.LegalHoldException;
import org.owasp.encoder.Encode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The data-subject rights of the GDPR over everything Message Bank holds: access and
 * portability (find and export), rectification, erasure (with the legal-hold exception),
 * restriction and objection. Every request and its outcome goes to the audit log, with counts
 * and record ids but never the personal data itself.
 */
public final class SubjectRights {
    static final int MAX_RECORDS = 10_000;

    private final MessageBankStore store;
    private final PhoneNumbers phones;
    private final Optional<MessageIndex> index;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT)
            .addMixIn(User.class, LoginWithoutSecrets.class);

    /** A login as exported: its password hash is a credential, not the person's data. */
    @JsonIgnoreProperties("passwordHash")
    private abstract static class LoginWithoutSecrets {
    }

    /**
     * @param index when present, also finds numbers written inside message fields in any format
     */
    public SubjectRights(MessageBankStore store, PhoneNumbers phones, Optional<MessageIndex> index) {
        this.store = store;
        this.phones = phones;
        this.index = index;
    }

    /** Right of access: everything held about the person. */
    public SubjectRecords find(String actor, SubjectQuery query) {
        var found = search(query);
        store.audit().append(actor, "subject.find", "subject", found.counts());
        return found;
    }

    private SubjectRecords search(SubjectQuery query) {
        String e164 = query.phone() == null ? null : phones.toE164(query.phone()).orElse(query.phone());
        var messages = new LinkedHashMap<Long, Message>();
        var admin = new Scope.Admin();
        for (String text : textTerms(query)) {
            store.messages().findBySubject(admin, null, text, MAX_RECORDS).forEach(m -> messages.put(m.id(), m));
        }
        if (e164 != null) {
            store.messages().findBySubject(admin, e164, null, MAX_RECORDS).forEach(m -> messages.put(m.id(), m));
            index.ifPresent(i -> {
                var ids = i.search(Scope.admin(), SearchQuery.all().withCaller(e164).page(0, SearchQuery.MAX_LIMIT)).messageIds();
                store.messages().findAll(admin, ids).forEach(m -> messages.put(m.id(), m));
            });
        }
        var calls = new LinkedHashMap<Long, Call>();
        if (e164 != null) {
            store.calls().findBySubject(admin, e164, null, MAX_RECORDS).forEach(c -> calls.put(c.id(), c));
        }
        if (query.name() != null) {
            store.calls().findBySubject(admin, null, query.name(), MAX_RECORDS).forEach(c -> calls.put(c.id(), c));
        }
        var contacts = new ArrayList<RegisterContact>();
        for (var kind : RegisterContact.Kind.values()) {
            store.register().list(kind).stream().filter(c -> matches(c, query, e164)).forEach(contacts::add);
        }
        var users = store.users().list().stream()
                .filter(u -> query.email() != null && u.username().equalsIgnoreCase(query.email()))
                .toList();
        var recipients = new ArrayList<Contact>();
        for (var client : store.clients().list()) {
            store.contacts().list(client.id()).stream().filter(c -> matches(c, query, e164)).forEach(recipients::add);
        }
        var sortedMessages = messages.values().stream().sorted(Comparator.comparingLong(Message::id).reversed()).toList();
        var dispatches = new ArrayList<Dispatch>();
        sortedMessages.forEach(m -> dispatches.addAll(store.dispatches().forMessage(Scope.admin(), m.id())));
        return new SubjectRecords(sortedMessages, List.copyOf(calls.values()), dispatches, contacts, recipients, users);
    }

    private static List<String> textTerms(SubjectQuery query) {
        var terms = new LinkedHashSet<String>();
        if (query.email() != null) {
            terms.add(query.email());
        }
        if (query.name() != null) {
            terms.add(query.name());
        }
        return List.copyOf(terms);
    }

    private boolean matches(RegisterContact c, SubjectQuery query, String e164) {
        return matches(c.phone(), c.email(), c.name(), query, e164);
    }

    private boolean matches(Contact c, SubjectQuery query, String e164) {
        return matches(c.mobile(), c.email(), c.name(), query, e164);
    }

    private boolean matches(String number, String address, String fullName, SubjectQuery query, String e164) {
        boolean phone = e164 != null && number != null && e164.equals(phones.toE164(number).orElse(number));
        boolean email = query.email() != null && query.email().equalsIgnoreCase(address);
        boolean name = query.name() != null && fullName != null
                && fullName.toLowerCase(Locale.ROOT).contains(query.name().toLowerCase(Locale.ROOT));
        return phone || email || name;
    }

    /** Right to portability: everything found, as JSON. */
    public String exportJson(String actor, SubjectQuery query) {
        var found = search(query);
        store.audit().append(actor, "subject.export", "subject", "format=json " + found.counts());
        try {
            return json.writeValueAsString(found);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("subject records cannot be written as JSON", e);
        }
    }

    /** Right of access: everything found, as a readable HTML report. */
    public String exportHtml(String actor, SubjectQuery query) {
        var found = search(query);
        store.audit().append(actor, "subject.export", "subject", "format=html " + found.counts());
        var html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Personal data held</title></head>
                <body><h1>Personal data held by Message Bank</h1>
                """);
        section(html, "Messages", found.messages(), m -> {
            var row = new LinkedHashMap<String, String>();
            row.put("Message", Long.toString(m.id()));
            row.put("Client", Long.toString(m.clientId()));
            row.put("Taken at", m.createdAt().toString());
            row.put("Caller number", m.callerNumber());
            row.put("Caller name", m.callerName());
            m.fields().forEach(row::put);
            return row;
        });
        section(html, "Calls", found.calls(), c -> ordered("Call", Long.toString(c.id()), "Started at", c.startedAt().toString(),
                "Caller number", c.callerNumber(), "Caller name", c.callerName()));
        section(html, "Contacts", found.contacts(), c -> ordered("Kind", c.kind().name(), "Name", c.name(), "Company", c.company(),
                "Email", c.email(), "Phone", c.phone(), "Address", c.address()));
        section(html, "Deliveries of these messages", found.dispatches(), d -> ordered("Message", Long.toString(d.messageId()),
                "Channel", d.channel().name(), "State", d.state().name(), "Error", d.errorText()));
        section(html, "As a client's delivery contact", found.recipients(), c -> ordered("Client", Long.toString(c.clientId()),
                "Name", c.name(), "Mobile", c.mobile(), "Email", c.email()));
        section(html, "Logins", found.users(), u -> ordered("Username", u.username(), "Role", u.role().name(),
                "Created at", u.createdAt().toString()));
        return html.append("</body></html>\n").toString();
    }

    private static Map<String, String> ordered(String... pairs) {
        var row = new LinkedHashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put(pairs[i], pairs[i + 1]);
        }
        return row;
    }

    private static <T> void section(StringBuilder html, String title, List<T> records, java.util.function.Function<T, Map<String, String>> rows) {
        html.append("<h2>").append(Encode.forHtml(title)).append(" (").append(records.size()).append(")</h2>\n");
        for (T record : records) {
            html.append("<dl>\n");
            rows.apply(record).forEach((k, v) -> html.append("<dt>").append(Encode.forHtml(k)).append("</dt><dd>")
                    .append(Encode.forHtml(Objects.toString(v, ""))).append("</dd>\n"));
            html.append("</dl>\n");
        }
    }

    /** Right to erasure: deletes everything found, index included, unless a legal hold stands in the way. */
    public SubjectRecords erase(String actor, SubjectQuery query) {
        var found = search(query);
        var erasure = store.messages().erase(new Scope.Admin(), found.messages().stream().map(Message::id).toList());
        if (!erasure.held().isEmpty()) {
            store.audit().append(actor, "subject.erase.refused", "subject", "legal-hold messages=" + erasure.held());
            throw new LegalHoldException(erasure.held());
        }
        store.calls().erase(new Scope.Admin(), found.calls().stream().map(Call::id).toList());
        for (var contact : found.contacts()) {
            store.register().erase(contact.id());
        }
        for (var recipient : found.recipients()) {
            store.contacts().delete(recipient.id());
        }
        store.audit().append(actor, "subject.erase", "subject", found.counts() + " (logins are closed by an admin, not erased)");
        return found;
    }

    /** Right to rectification of one field of one message. */
    public void rectify(String actor, long messageId, String field, String value) {
        var hashes = store.messages().rectify(new Scope.Admin(), messageId, field, value);
        store.audit().append(actor, "subject.rectify", "message:" + messageId,
                "field=" + field + " before=" + hashes.beforeHash() + " after=" + hashes.afterHash());
    }

    /** Right to restriction (or its lifting) for everything found; returns how many messages changed. */
    public int restrict(String actor, SubjectQuery query, boolean restricted) {
        var found = search(query);
        int changed = 0;
        for (var m : found.messages()) {
            if (store.messages().setRestricted(new Scope.Admin(), m.id(), restricted)) {
                changed++;
            }
        }
        store.audit().append(actor, restricted ? "subject.restrict" : "subject.unrestrict", "subject", "messages=" + changed);
        return changed;
    }

    /** Right to object: marketing to the contact stops and the contact is deleted. */
    public boolean object(String actor, long registerContactId) {
        boolean deleted = store.register().unsubscribe(registerContactId);
        store.audit().append(actor, "subject.object", "contact:" + registerContactId, deleted ? "deleted" : "not found");
        return deleted;
    }
}
