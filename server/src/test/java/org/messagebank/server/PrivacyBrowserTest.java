package org.messagebank.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.server.auth.PasswordHasher;
import org.messagebank.store.Await;
import org.messagebank.store.IndexFiles;
import org.messagebank.store.Scope;
import org.messagebank.store.TestData;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.RegisterContact;
import org.messagebank.store.domain.Role;
import org.messagebank.store.domain.Urgency;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin privacy page in headless Chromium: a data-subject request from finding to erasure, and the retention report. */
class PrivacyBrowserTest {
    private static final String PASSWORD = "correct horse battery";
    private static final String XSS_NAME = "Jane Zqxcanary <img src=x onerror=\"document.title='pwned'\">";

    @TempDir
    Path dir;
    private PageFixture page;
    private Node node;
    private Message old;
    private Message fromJane;
    private Message fromSomeoneElse;
    private RegisterContact marketing;

    @BeforeEach
    void start() throws Exception {
        var clock = new TestData.MutableClock(Instant.now().minus(Duration.ofDays(101)));
        page = new PageFixture(dir, clock);
        node = page.node;
        var store = node.store();
        var acme = store.clients().create("Acme Plumbing", "Hello");
        old = store.messages().save(new NewMessage(acme.id(), null, null, "+447700900555", "Long Ago", 1,
                Map.of("reason", "old news"), Urgency.NORMAL));
        clock.advance(Duration.ofDays(101));
        fromJane = store.messages().save(new NewMessage(acme.id(), null, null, "+447700900123", XSS_NAME, 1,
                Map.of("reason", "boiler"), Urgency.NORMAL));
        fromSomeoneElse = store.messages().save(new NewMessage(acme.id(), null, null, "+447700900999", "Someone Else", 1,
                Map.of("reason", "radiator"), Urgency.NORMAL));
        node.indexer().catchUp();
        store.users().create("root", Role.ADMIN, null, null, new PasswordHasher().hash(PASSWORD));
        marketing = store.register().add(RegisterContact.Kind.MARKETING, "Jane Z", null, null, "+44 7700 900123", null);
        page.openBrowser();
    }

    @AfterEach
    void stop() {
        if (page != null) {
            page.close();
        }
    }

    private WebElement byId(String id) {
        return page.byId(id);
    }

    private void signInAndOpenThePrivacyPage() {
        page.signIn("root", PASSWORD);
        page.wait.until(ExpectedConditions.urlToBe(page.base + "/admin"));
        page.wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("nav.tabs a[href='/privacy']"))).click();
        page.wait.until(ExpectedConditions.urlToBe(page.base + "/privacy"));
    }

    private Message stored(Message m) {
        return node.store().messages().find(Scope.admin(), m.id()).orElse(null);
    }

    @Test
    void anAdminFindsAPersonByAnotherFormOfTheirNumberDownloadsRestrictsThenErases() throws Exception {
        signInAndOpenThePrivacyPage();
        byId("subject-name").sendKeys("Jo");
        page.browser.findElement(By.cssSelector("#subject-form button[type=submit]")).click();
        page.wait.until(d -> byId("subject-name-error").getText().contains("at least 3 characters"));

        byId("subject-name").clear();
        byId("subject-phone").sendKeys("07700 900123");
        page.browser.findElement(By.cssSelector("#subject-form button[type=submit]")).click();
        page.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("subject-results")));
        assertTrue(byId("subject-summary").getText().startsWith("Found 1 message, 0 calls, 0 deliveries, 1 register contact"),
                byId("subject-summary").getText());
        var found = page.browser.findElement(By.cssSelector("#found dl[data-message='" + fromJane.id() + "']")).getText();
        assertTrue(found.contains(XSS_NAME), "caller-typed markup is shown as text: " + found);
        assertTrue(page.browser.findElements(By.cssSelector("#found dl[data-message='" + fromSomeoneElse.id() + "']")).isEmpty());

        var downloads = Files.createDirectories(dir.resolve("downloads"));
        page.browser.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        byId("export-json").click();
        String json = downloaded(downloads.resolve("subject-access.json"));
        assertTrue(json.contains("Jane Zqxcanary") && json.contains("\"messages\""), json);
        byId("export-html").click();
        assertTrue(downloaded(downloads.resolve("subject-access.html")).contains("<h2>Messages (1)</h2>"));
        assertEquals("subject-access.html", byId("download").getText(), "the last download stays at hand");

        byId("restrict").click();
        page.wait.until(ExpectedConditions.textToBe(By.id("restrict-result"), "Restricted 1 message."));
        assertTrue(stored(fromJane).restricted());
        page.wait.until(d -> d.findElement(By.cssSelector("#found dl[data-message='" + fromJane.id() + "']")).getText().contains("Restricted\nyes"));

        new org.openqa.selenium.support.ui.Select(byId("rectify-field")).selectByValue("reason");
        byId("rectify-value").sendKeys("boiler pressure low");
        page.browser.findElement(By.cssSelector("#rectify-form button[type=submit]")).click();
        page.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rectify-result"), "Corrected"));
        assertEquals("boiler pressure low", stored(fromJane).fields().get("reason"));
        assertTrue(page.browser.findElement(By.cssSelector("#found dl[data-message='" + fromJane.id() + "']")).getText()
                .contains("boiler pressure low"));

        page.browser.findElement(By.cssSelector("#found [data-contact='" + marketing.id() + "'] button.object")).click();
        page.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#found [data-contact='" + marketing.id() + "']"),
                "Marketing stopped; the contact is deleted."));
        assertTrue(node.store().register().find(marketing.id()).isEmpty());

        node.store().messages().setLegalHold(new Scope.Admin(), fromJane.id(), true);
        byId("erase").click();
        byId("erase-word").sendKeys("erase");
        byId("erase-yes").click();
        page.wait.until(ExpectedConditions.textToBe(By.id("erase-error"), "Type ERASE (in capitals) to confirm the erasure."));
        byId("erase-word").clear();
        byId("erase-word").sendKeys("ERASE");
        byId("erase-yes").click();
        page.wait.until(d -> byId("erase-error").getText().contains("under a legal hold"));
        assertTrue(stored(fromJane) != null, "nothing erased under a hold");

        node.store().messages().setLegalHold(new Scope.Admin(), fromJane.id(), false);
        byId("erase-yes").click();
        page.wait.until(d -> byId("erase-result").getText().startsWith("Erased 1 message"));
        assertEquals(null, stored(fromJane));
        assertTrue(stored(fromSomeoneElse) != null);
        assertFalse(IndexFiles.contain(page.config.index().dir(), "zqxcanary"), "gone from the index files too");
        page.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("subject-summary"), "Found 0 messages"));
        assertFalse("pwned".equals(page.browser.getTitle()), "the XSS payload never ran");
        var actions = node.store().audit().list(null, 50).stream().map(e -> e.action()).toList();
        assertTrue(actions.containsAll(java.util.List.of("subject.find", "subject.export", "subject.restrict",
                "subject.rectify", "subject.object", "subject.erase.refused", "subject.erase")), actions.toString());
    }

    @Test
    void anAdminSeesTheRetentionReportDryRunsAndRunsTheReaperAfterConfirming() {
        signInAndOpenThePrivacyPage();
        var row = By.cssSelector("#retention tr[data-category=MESSAGES]");
        page.wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        var cells = page.browser.findElement(row).findElements(By.tagName("td"));
        assertEquals("3", cells.get(0).getText(), "held");
        assertEquals("101 days", cells.get(1).getText(), "oldest");
        assertEquals("100 days", cells.get(2).getText(), "limit");
        assertEquals("1", cells.get(3).getText(), "due");

        byId("dry-run").click();
        page.wait.until(ExpectedConditions.textToBe(By.cssSelector("#dry-run-result li[data-category=MESSAGES]"), "1 messages past retention"));
        assertTrue(stored(old) != null, "a dry run deletes nothing");

        byId("reap").click();
        page.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("reap-confirm")));
        byId("reap-no").click();
        assertFalse(byId("reap-confirm").isDisplayed());
        assertTrue(stored(old) != null, "cancelled: nothing deleted");

        byId("reap").click();
        byId("reap-yes").click();
        page.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("reap-result"), "Deleted"));
        assertTrue(byId("reap-result").getText().contains("1 messages past retention"), byId("reap-result").getText());
        assertEquals(null, stored(old));
        assertTrue(stored(fromJane) != null);
        page.wait.until(d -> d.findElement(row).findElements(By.tagName("td")).get(3).getText().equals("0"));
    }

    /**
     * The file once the browser has finished downloading it. Chromium reserves the final name with an
     * empty file as a download starts, writes to a {@code .crdownload} file beside it and renames that
     * over the name when done, so the name existing is not enough.
     */
    private static String downloaded(Path file) throws Exception {
        Await.until("the download of " + file.getFileName(), () -> finished(file));
        return Files.readString(file);
    }

    private static boolean finished(Path file) {
        try (var siblings = Files.list(file.getParent())) {
            return Files.isRegularFile(file) && Files.size(file) > 0
                    && siblings.noneMatch(f -> f.getFileName().toString().endsWith(".crdownload"));
        } catch (IOException e) {
            return false;
        }
    }
}
