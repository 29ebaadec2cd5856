package org.messagebank.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.server.auth.PasswordHasher;
import org.messagebank.store.Await;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.Client;
import org.messagebank.store.domain.DeliveryChannel;
import org.messagebank.store.domain.DispatchState;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.Role;
import org.messagebank.store.domain.Urgency;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client user's delivery settings, a message's delivery timeline and the dated export, in headless Chromium. */
class DeliveryPortalBrowserTest {
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;
    private PageFixture page;
    private Node node;
    private Client acme;

    @BeforeEach
    void start() throws Exception {
        page = new PageFixture(dir, Clock.systemUTC());
        node = page.node;
        acme = node.store().clients().create("Acme Plumbing", "Hello");
        node.store().users().create("alice", Role.CLIENT_USER, acme.id(), null, new PasswordHasher().hash(PASSWORD));
        page.openBrowser();
    }

    @AfterEach
    void stop() {
        if (page != null) {
            page.close();
        }
    }

    private void signIn() {
        page.signIn("alice", PASSWORD);
        page.wait.until(ExpectedConditions.urlToBe(page.base + "/portal"));
        page.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("delivery")));
    }

    private WebElement byId(String id) {
        return page.byId(id);
    }

    private void type(String id, String text) {
        byId(id).clear();
        byId(id).sendKeys(text);
    }

    @Test
    void aClientUserAddsAndEditsAContactAndIsToldWhatIsWrongNextToTheField() {
        signIn();
        page.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("contacts"), "No contacts yet"));
        type("contact-name", "Alice On-call");
        type("contact-mobile", "not a number");
        byId("urgent-sms").click();
        byId("contact-save").click();
        page.wait.until(d -> byId("contact-mobile-error").getText().startsWith("mobile is not a telephone number"));
        assertEquals("true", byId("contact-mobile").getAttribute("aria-invalid"));

        type("contact-mobile", "07700 900123");
        type("contact-email", "alice@example.com");
        byId("normal-email").click();
        byId("contact-save").click();
        page.wait.until(d -> d.findElements(By.cssSelector("#contacts li[data-id]")).size() == 1);
        assertTrue(byId("contacts").getText().contains("Alice On-call (+447700900123, alice@example.com)"), byId("contacts").getText());
        assertEquals("", byId("contact-mobile-error").getText());

        page.browser.findElement(By.cssSelector("#contacts li[data-id] button.edit")).click();
        assertEquals("Alice On-call", byId("contact-name").getAttribute("value"));
        type("contact-name", "Alice Smith");
        type("contact-escalation", "1");
        byId("contact-save").click();
        page.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("contacts"), "Alice Smith"));
        var stored = node.store().contacts().list(acme.id());
        assertEquals(1, stored.size());
        assertEquals("Alice Smith", stored.getFirst().name());
        assertEquals(1, stored.getFirst().escalationOrder());
        assertTrue(stored.getFirst().urgentChannels().contains(DeliveryChannel.SMS));

        page.setValue("rules-quietStart", "21:30");
        page.setValue("rules-quietEnd", "07:00");
        type("rules-webhookUrl", "http://crm.example.com/hook");
        page.browser.findElement(By.cssSelector("#rules-form button[type=submit]")).click();
        page.wait.until(d -> byId("rules-webhookUrl-error").getText().startsWith("webhookUrl must be an https:// address"));
        type("rules-webhookUrl", "https://crm.example.com/hook");
        page.browser.findElement(By.cssSelector("#rules-form button[type=submit]")).click();
        page.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("webhook-secret")));
        var rules = node.store().contacts().rules(acme.id());
        assertEquals(java.time.LocalTime.of(21, 30), rules.quietStart());
        assertTrue(byId("webhook-secret").getText().contains(rules.webhookSecret()));
    }

    @Test
    void aClientUserSeesTheDeliveryTimelineOfADispatchedMessageAndExportsADateRange() {
        node.store().contacts().add(org.messagebank.store.domain.Contact.of(acme.id(), "Alice On-call", "+447700900123",
                "alice@example.com", java.util.EnumSet.of(DeliveryChannel.EMAIL),
                java.util.EnumSet.of(DeliveryChannel.SMS, DeliveryChannel.EMAIL), null));
        Message message = node.store().messages().save(new NewMessage(acme.id(), null, null, "+447700900999", "Bea Caller", 1,
                Map.of("reason", "burst pipe"), Urgency.URGENT));
        node.indexer().catchUp();
        try {
            Await.until("both dispatches sent", () -> node.store().dispatches().forMessage(Scope.admin(), message.id()).stream()
                    .filter(d -> d.state() == DispatchState.SENT).count() == 2);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        var sms = node.store().dispatches().forMessage(Scope.admin(), message.id()).stream()
                .filter(d -> d.channel() == DeliveryChannel.SMS).findFirst().orElseThrow();
        node.store().dispatches().report(sms.providerId(), DispatchState.FAILED, "30003", "Unreachable destination handset");

        signIn();
        page.wait.until(d -> d.findElements(By.cssSelector("#inbox li")).size() == 1);
        page.browser.findElement(By.cssSelector("#inbox li button")).click();
        page.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#timeline li[data-state=FAILED]")));
        String failed = page.browser.findElement(By.cssSelector("#timeline li[data-state=FAILED]")).getText();
        assertTrue(failed.startsWith("SMS to Alice On-call — failed: 30003 Unreachable destination handset"), failed);
        assertTrue(failed.contains("queued") && failed.contains("sending (attempt 1)") && failed.contains("sent"), failed);
        String email = page.browser.findElement(By.cssSelector("#timeline li[data-state=SENT]")).getText();
        assertTrue(email.startsWith("Email to Alice On-call — sent"), email);

        byId("acknowledge").click();
        page.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#timeline li[data-state=ACKNOWLEDGED]"),
                "acknowledged"));

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        page.setValue("from", today);
        page.setValue("to", today);
        String csvLink = byId("export-csv").getAttribute("href");
        assertTrue(csvLink.contains("from=" + today + "T00%3A00%3A00Z"), csvLink);
        assertTrue(csvLink.contains("to=" + LocalDate.now(ZoneOffset.UTC).plusDays(1) + "T00%3A00%3A00"), csvLink);
        assertEquals("from " + today + " to " + today, byId("export-range").getText());
        String csv = fetch(csvLink);
        assertTrue(csv.startsWith("id,client_id,created_at") && csv.contains("Bea Caller"), csv);
        assertTrue(fetch(byId("export-json").getAttribute("href")).contains("burst pipe"));

        page.setValue("from", "2020-01-01");
        page.setValue("to", "2020-01-31");
        String old = fetch(byId("export-csv").getAttribute("href"));
        assertFalse(old.contains("Bea Caller"), "a range without messages exports none: " + old);
    }

    /** Downloads what a link points at, as the signed-in page. */
    private String fetch(String url) {
        return (String) page.browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done, e => done('failed: ' + e));", url);
    }
}
