package org.messagebank.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.server.auth.PasswordHasher;
import org.messagebank.store.domain.Message;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.Role;
import org.messagebank.store.domain.Urgency;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client portal and the admin archive in headless Chromium, as their users use them. */
class PortalBrowserTest {
    private static final String PASSWORD = "correct horse battery";
    private static final String XSS_NAME = "<img src=x onerror=\"document.title='pwned'\">";

    @TempDir
    Path dir;
    private PageFixture page;
    private Node node;
    private String base;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private Message urgent;

    @BeforeEach
    void start() throws Exception {
        page = new PageFixture(dir, Clock.systemUTC());
        node = page.node;
        base = page.base;
        var store = node.store();
        var acme = store.clients().create("Acme Plumbing", "Hello");
        var other = store.clients().create("Other Ltd", "Hello");
        String hash = new PasswordHasher().hash(PASSWORD);
        store.users().create("alice", Role.CLIENT_USER, acme.id(), null, hash);
        store.users().create("root", Role.ADMIN, null, null, hash);
        store.messages().save(new NewMessage(acme.id(), null, null, "+447700900111", "Old Caller", 1,
                Map.of("reason", "quote for a radiator"), Urgency.NORMAL));
        urgent = store.messages().save(new NewMessage(acme.id(), null, null, "+447700900123", XSS_NAME, 1,
                Map.of("reason", "boiler leaking in the kitchen", "callback", "07700 900123"), Urgency.URGENT));
        store.messages().save(new NewMessage(other.id(), null, null, "+447700900999", "Someone Else", 1,
                Map.of("reason", "boiler service at Other"), Urgency.NORMAL));
        node.indexer().catchUp();
        page.openBrowser();
        browser = page.browser;
        wait = page.wait;
    }

    @AfterEach
    void stop() {
        if (page != null) {
            page.close();
        }
    }

    private void signIn(String username, String password) {
        Browsers.signIn(browser, base, username, password);
    }

    private int inboxSize() {
        return browser.findElements(By.cssSelector("#inbox li")).size();
    }

    @Test
    void clientUserSignsInSearchesReadsAndAcknowledgesTheirMessages() {
        signIn("alice", "wrong");
        wait.until(ExpectedConditions.textToBe(By.id("signin-error"), "wrong username or password"));

        signIn("alice", PASSWORD);
        wait.until(ExpectedConditions.urlToBe(base + "/portal"));
        wait.until(d -> inboxSize() == 2);
        assertTrue(browser.findElement(By.id("retention")).getText().contains("kept for 100 days"));
        var first = browser.findElement(By.cssSelector("#inbox li"));
        assertEquals("unread", first.getAttribute("class"), "newest first, marked unread");
        assertTrue(first.getText().startsWith(XSS_NAME), "caller-typed markup is shown as text: " + first.getText());

        browser.findElement(By.id("q")).sendKeys("boiler");
        browser.findElement(By.cssSelector("#search button[type=submit]")).click();
        wait.until(d -> inboxSize() == 1);
        assertEquals("1 message", browser.findElement(By.id("count")).getText());

        browser.findElement(By.cssSelector("#inbox li button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("acknowledge")));
        assertTrue(browser.findElement(By.id("detail")).getText().contains("boiler leaking in the kitchen"));
        assertEquals("read", browser.findElement(By.cssSelector("#inbox li")).getAttribute("class"));
        assertEquals("read", browser.findElement(By.cssSelector("#inbox li .badge")).getText());
        browser.findElement(By.id("acknowledge")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("acknowledge")));
        assertTrue(browser.findElement(By.id("detail")).getText().contains("acknowledged"));
        assertFalse("pwned".equals(browser.getTitle()), "the XSS payload never ran");
        assertTrue(node.store().messages().find(org.messagebank.store.Scope.admin(), urgent.id()).orElseThrow().acknowledgedAt() != null);
        assertTrue(browser.findElement(By.id("client-filter")).getAttribute("hidden") != null, "no client filter for clients");
    }

    @Test
    void adminFindsMessagesAcrossTheArchiveAndSeesSyntaxErrorsNextToTheQueryBox() {
        signIn("root", PASSWORD);
        wait.until(ExpectedConditions.urlToBe(base + "/admin"));
        browser.findElement(By.linkText("Message archive")).click();
        wait.until(ExpectedConditions.urlToBe(base + "/portal"));
        wait.until(ExpectedConditions.textToBe(By.id("title"), "Message archive"));
        assertEquals(base + "/admin", browser.findElement(By.id("admin-link")).getAttribute("href"), "a way back to the console");
        wait.until(d -> inboxSize() == 3);

        var q = browser.findElement(By.id("q"));
        q.sendKeys("reason:(boiler");
        browser.findElement(By.cssSelector("#search button[type=submit]")).click();
        wait.until(d -> !d.findElement(By.id("q-error")).getText().isEmpty());
        assertTrue(browser.findElement(By.id("q-error")).getText().startsWith("Cannot parse 'reason:(boiler'"));
        assertEquals("true", q.getAttribute("aria-invalid"));

        q.clear();
        q.sendKeys("07700 900123");
        browser.findElement(By.cssSelector("#search button[type=submit]")).click();
        wait.until(d -> inboxSize() == 1 && d.findElement(By.id("q-error")).getText().isEmpty());
        assertEquals(String.valueOf(urgent.id()), browser.findElement(By.cssSelector("#inbox li")).getAttribute("data-id"));
    }

    @Test
    void aNewUserSetsTheirPasswordFromTheLinkThenSignsIn() throws Exception {
        var user = node.store().users().create("dave", Role.CLIENT_USER,
                node.store().clients().findByName("Acme Plumbing").orElseThrow().id(), null, "$argon2id$unusable");
        node.store().users().addPasswordToken(user.id(), org.messagebank.server.web.Authenticator.hash("link-token-123"),
                java.time.Instant.now().plus(Duration.ofDays(1)));
        browser.get(base + "/set-password#link-token-123");
        assertEquals(base + "/set-password", browser.getCurrentUrl(), "the token leaves the address bar");
        browser.findElement(By.id("password")).sendKeys("a long enough password");
        browser.findElement(By.id("repeat")).sendKeys("a different password!!");
        browser.findElement(By.cssSelector("#set-password button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("result"), "The two passwords differ."));
        browser.findElement(By.id("repeat")).clear();
        browser.findElement(By.id("repeat")).sendKeys("a long enough password");
        browser.findElement(By.cssSelector("#set-password button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "Your password is set."));

        signIn("dave", "a long enough password");
        wait.until(ExpectedConditions.urlToBe(base + "/portal"));
    }

    @Test
    void pagesSendAStrictContentSecurityPolicy() throws Exception {
        var response = ServerTestSupport.get(base + "/portal");
        assertEquals(200, response.statusCode());
        String csp = response.headers().firstValue("content-security-policy").orElseThrow();
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
        assertEquals("no-cache", response.headers().firstValue("cache-control").orElseThrow());
        var asset = ServerTestSupport.get(base + "/assets/portal.js");
        assertEquals("public, max-age=3600", asset.headers().firstValue("cache-control").orElseThrow());
        assertEquals(404, ServerTestSupport.get(base + "/assets/..%2Fportal.html").statusCode());
    }
}
