package org.messagebank.store.rights;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.MessageBankStore;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.Scope;
import org.messagebank.store.TestData;
import org.messagebank.store.domain.Client;
import org.messagebank.store.domain.Contact;
import org.messagebank.store.domain.DeliveryChannel;
import org.messagebank.store.domain.NewDispatch;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.RegisterContact.Kind;
import org.messagebank.store.domain.Role;
import org.messagebank.store.event.InProcessEventBus;
import org.messagebank.store.index.LuceneMessageIndex;
import org.messagebank.store.index.MessageIndexer;
import org.messagebank.store.index.SearchQuery;
import org.messagebank.store.jdbc.Database;
import org.messagebank.store.jdbc.JdbcMessageBankStore;
import org.messagebank.store.retention.LegalHoldException;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Data-subject requests over every store, on every database. */
public abstract class SubjectRightsContract {
    private static final String ADMIN = "user:1";

    @TempDir
    Path dir;
    private InProcessEventBus bus;
    private MessageBankStore store;
    private LuceneMessageIndex index;
    private MessageIndexer indexer;
    private SubjectRights rights;
    private Client acme;
    private Message fromJane;
    private Message mentionsJane;
    private Message aboutSomeoneElse;

    protected abstract DatabaseConfig newDatabase();

    @BeforeEach
    void open() {
        bus = new InProcessEventBus();
        store = new JdbcMessageBankStore(Database.open(newDatabase()), Clock.systemUTC(), bus);
        index = LuceneMessageIndex.open(dir.resolve("index"), new PhoneNumbers("GB"));
        indexer = new MessageIndexer(store.messages(), index, Duration.ofMillis(50), Duration.ofHours(1));
        rights = new SubjectRights(store, new PhoneNumbers("GB"), Optional.of(index));
        acme = store.clients().create("Acme", "Hello");
        fromJane = store.messages().save(TestData.message(acme.id()).caller("+447700900123", "Jane Canary")
                .field("email", "jane.canary@example.com").build());
        mentionsJane = store.messages().save(TestData.message(acme.id()).caller("+447700900999", "Bob Other")
                .field("callback", "07700 900123").build());
        aboutSomeoneElse = store.messages().save(TestData.message(acme.id()).caller("+447700900555", "Zed Else").build());
        store.calls().open(acme.id(), "+442079460000", "+447700900123", "Jane Canary");
        indexer.catchUp();
    }

    @AfterEach
    void close() throws Exception {
        TestData.closeAll(index, store, bus);
    }

    private List<Long> ids(SubjectRecords found) {
        return found.messages().stream().map(Message::id).toList();
    }

    private void assertAuditHoldsNoPersonalData() {
        for (var entry : store.audit().list(null, 1000)) {
            String text = entry.actor() + entry.action() + entry.target() + entry.detail();
            for (String personal : List.of("Canary", "canary", "7700900123", "07700", "example.com")) {
                assertFalse(text.contains(personal), "audit entry holds personal data: " + text);
            }
        }
    }

    @Test
    void findsEverythingAboutAPersonByPhoneInAnyFormat() {
        store.register().add(Kind.ENQUIRY, "Jane Canary", null, null, "07700 900123", null);
        store.register().add(Kind.ENQUIRY, "Zed Else", null, null, "07700 900555", null);
        var recipient = store.contacts().add(Contact.of(acme.id(), "Jane Canary", "07700 900123", null,
                Set.of(DeliveryChannel.SMS), Set.of(DeliveryChannel.SMS), null));
        store.dispatches().createAll(List.of(new NewDispatch(aboutSomeoneElse.id(), acme.id(), recipient.id(), DeliveryChannel.SMS,
                false, Instant.now()), new NewDispatch(fromJane.id(), acme.id(), null, DeliveryChannel.WEBHOOK, false, Instant.now())));

        var found = rights.find(ADMIN, new SubjectQuery("+44 7700 900123", null, null));

        assertEquals(List.of(mentionsJane.id(), fromJane.id()), ids(found));
        assertEquals(1, found.calls().size());
        assertEquals(List.of("Jane Canary"), found.contacts().stream().map(c -> c.name()).toList());
        assertEquals("subject.find", store.audit().list(null, 1).getFirst().action());
        assertEquals(List.of(recipient.id()), found.recipients().stream().map(Contact::id).toList());
        assertEquals(List.of(fromJane.id()), found.dispatches().stream().map(d -> d.messageId()).toList(),
                "the deliveries of the person's messages");
        assertEquals("messages=2 calls=1 dispatches=1 contacts=1 recipients=1 users=0", store.audit().list(null, 1).getFirst().detail());
        assertAuditHoldsNoPersonalData();
    }

    @Test
    void findsByEmailAndByName() {
        store.users().create("jane.canary@example.com", Role.CLIENT_USER, acme.id(), null, "$argon2id$h");
        store.register().add(Kind.MARKETING, "J Canary", "Co", "Jane.Canary@example.com", null, null);

        var byEmail = rights.find(ADMIN, new SubjectQuery(null, "jane.canary@example.com", null));
        assertEquals(List.of(fromJane.id()), ids(byEmail));
        assertEquals(1, byEmail.users().size());
        assertEquals(1, byEmail.contacts().size());

        var export = rights.exportJson(ADMIN, new SubjectQuery(null, "jane.canary@example.com", null));
        assertTrue(export.contains("jane.canary@example.com"), export);
        assertFalse(export.contains("$argon2id$h") || export.contains("passwordHash"), "a login's password hash is not the person's data to hand out");

        var byName = rights.find(ADMIN, new SubjectQuery(null, null, "jane canary"));
        assertEquals(List.of(fromJane.id()), ids(byName));
        assertEquals(1, byName.calls().size());
        assertTrue(ids(byName).stream().noneMatch(id -> id == aboutSomeoneElse.id()));
    }

    @Test
    void refusesARequestWithNothingToFindBy() {
        assertThrows(IllegalArgumentException.class, () -> new SubjectQuery(" ", null, ""));
        assertThrows(IllegalArgumentException.class, () -> new SubjectQuery(null, null, "Jo"));
        assertFalse(new SubjectQuery("07700900123", null, null).toString().contains("7700"));
    }

    @Test
    void exportsJsonForPortabilityAndEscapedHtmlForReading() throws Exception {
        var xss = store.messages().save(TestData.message(acme.id()).caller("+447700900123", "<script>alert(1)</script>").build());

        var json = new ObjectMapper().readTree(rights.exportJson(ADMIN, new SubjectQuery("07700900123", null, null)));
        assertEquals(3, json.get("messages").size());
        assertEquals(xss.id(), json.get("messages").get(0).get("id").asLong());
        assertEquals("07700 900123", json.get("messages").get(1).get("fields").get("callback").asText());

        String html = rights.exportHtml(ADMIN, new SubjectQuery("07700900123", null, null));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("<h2>Messages (3)</h2>"), html);
        assertAuditHoldsNoPersonalData();
    }

    @Test
    void erasureDeletesEverythingFoundFromDatabaseAndIndex() {
        var contact = store.register().add(Kind.ENQUIRY, "Jane Canary", null, null, "07700900123", null);
        var recipient = store.contacts().add(Contact.of(acme.id(), "Jane Canary", "+447700900123", "jane@example.com",
                Set.of(DeliveryChannel.EMAIL), Set.of(DeliveryChannel.EMAIL), null));

        rights.erase(ADMIN, new SubjectQuery("07700900123", null, null));
        indexer.catchUp();

        assertTrue(store.messages().find(Scope.admin(), fromJane.id()).isEmpty());
        assertTrue(store.messages().find(Scope.admin(), mentionsJane.id()).isEmpty());
        assertTrue(store.messages().find(Scope.admin(), aboutSomeoneElse.id()).isPresent());
        assertTrue(store.calls().findBySubject(new Scope.Admin(), "+447700900123", null, 10).isEmpty());
        assertTrue(store.register().find(contact.id()).isEmpty());
        assertTrue(store.contacts().find(recipient.id()).isEmpty());
        assertEquals(0, index.search(Scope.admin(), SearchQuery.text("07700900123")).total());
        assertTrue(rights.find(ADMIN, new SubjectQuery("07700900123", null, null)).isEmpty());
        assertAuditHoldsNoPersonalData();
    }

    @Test
    void aLegalHoldBlocksErasureWithAClearMessageAndErasesNothing() {
        store.messages().setLegalHold(new Scope.Admin(), fromJane.id(), true);

        var e = assertThrows(LegalHoldException.class, () -> rights.erase(ADMIN, new SubjectQuery("07700900123", null, null)));

        assertEquals(List.of(fromJane.id()), e.heldMessageIds());
        assertTrue(e.getMessage().contains("under a legal hold") && e.getMessage().contains("nothing was erased"), e.getMessage());
        assertTrue(store.messages().find(Scope.admin(), mentionsJane.id()).isPresent());
        assertEquals("subject.erase.refused", store.audit().list(null, 1).getFirst().action());
    }

    @Test
    void rectificationChangesTheFieldAndAuditsOnlyHashes() {
        rights.rectify(ADMIN, fromJane.id(), "caller_name", "Janet Canary");
        rights.rectify(ADMIN, fromJane.id(), "email", "janet@example.org");
        indexer.catchUp();

        var m = store.messages().find(Scope.admin(), fromJane.id()).orElseThrow();
        assertEquals("Janet Canary", m.callerName());
        assertEquals("janet@example.org", m.fields().get("email"));
        assertEquals(1, index.search(Scope.admin(), SearchQuery.text("name:janet")).total());
        var entry = store.audit().list(null, 1).getFirst();
        assertEquals("message:" + fromJane.id(), entry.target());
        assertTrue(entry.detail().matches("field=email before=[0-9a-f]{64} after=[0-9a-f]{64}"), entry.detail());
        assertThrows(IllegalArgumentException.class, () -> rights.rectify(ADMIN, fromJane.id(), "no_such_field", "x"));
        assertAuditHoldsNoPersonalData();
    }

    @Test
    void restrictionHidesFromTheClientButNotFromAdminsAndCanBeLifted() {
        assertEquals(2, rights.restrict(ADMIN, new SubjectQuery("07700900123", null, null), true));
        indexer.catchUp();

        var tenant = Scope.tenant(acme.id());
        assertTrue(store.messages().find(tenant, fromJane.id()).isEmpty());
        assertEquals(List.of(aboutSomeoneElse.id()), store.messages().recent(tenant, null, 10).stream().map(Message::id).toList());
        assertTrue(index.search(tenant, SearchQuery.all().withCaller("+447700900123")).hits().isEmpty());
        assertFalse(store.messages().markRead(tenant, fromJane.id()));
        assertEquals(List.of(aboutSomeoneElse.id()), index.search(tenant, SearchQuery.all()).messageIds());
        assertTrue(store.messages().find(Scope.admin(), fromJane.id()).orElseThrow().restricted());
        assertEquals(3, index.search(Scope.admin(), SearchQuery.all()).total());

        assertEquals(2, rights.restrict(ADMIN, new SubjectQuery("07700900123", null, null), false));
        indexer.catchUp();
        assertEquals(3, index.search(tenant, SearchQuery.all()).total());
        assertTrue(store.messages().find(tenant, fromJane.id()).isPresent());
    }

    @Test
    void objectionStopsAndDeletesAMarketingContact() {
        var optIn = store.register().add(Kind.MARKETING, "Jane Canary", "Co", "jane.canary@example.com", null, null);
        assertTrue(rights.object(ADMIN, optIn.id()));
        assertTrue(store.register().find(optIn.id()).isEmpty());
        assertFalse(rights.object(ADMIN, optIn.id()));
        assertAuditHoldsNoPersonalData();
    }
}
