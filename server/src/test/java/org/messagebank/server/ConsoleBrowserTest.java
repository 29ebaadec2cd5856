package org.messagebank.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.Client;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.Urgency;
import org.messagebank.telephony.sim.CallSimulator;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole working day in headless Chromium: an operator takes calls played over FastAGI in
 * the console, the client reads and acknowledges the message in the portal, and an admin finds
 * it in the archive.
 */
class ConsoleBrowserTest {
    private static final String XSS_NAME = "<img src=x onerror=\"document.title='pwned'\">";

    @TempDir
    Path dir;
    private CallCentre centre;
    private Node node;
    private String base;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private Client acme;

    @BeforeEach
    void start() throws Exception {
        centre = new CallCentre(dir);
        node = centre.node;
        base = centre.base;
        acme = centre.acme;
        node.store().messages().save(new NewMessage(acme.id(), null, null, "+447700900123", "Jane Caller", 1,
                Map.of("reason", "radiator quote last month"), Urgency.NORMAL));
        node.indexer().catchUp();
        centre.page.openBrowser();
        browser = centre.page.browser;
        wait = centre.page.wait;
    }

    @AfterEach
    void stop() {
        centre.close();
    }

    @Test
    void anOperatorTakesACallTheClientAcknowledgesItAndTheAdminFindsIt() throws Exception {
        signIn("olive");
        wait.until(ExpectedConditions.urlToBe(base + "/console"));
        wait.until(ExpectedConditions.textToBe(By.id("link"), "Live"));
        wait.until(ExpectedConditions.textToBe(By.id("state"), "Not taking calls"));
        browser.findElement(By.id("available")).click();
        wait.until(ExpectedConditions.textToBe(By.id("state"), "Available"));

        // A first call the operator discards: the caller dialled the wrong number.
        var wrongNumber = placeCall("07700 900777", null, new CountDownLatch(0));
        var first = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("section.call")));
        assertEquals("ANSWERED", wrongNumber.get(10, TimeUnit.SECONDS).status());
        wait.until(ExpectedConditions.textToBe(By.id("state"), "Wrap-up"));
        new Select(first.findElement(By.cssSelector("select.discard-reason"))).selectByVisibleText("wrong number");
        first.findElement(By.cssSelector("button.discard")).click();
        wait.until(ExpectedConditions.textToBePresentInElement(first.findElement(By.cssSelector(".form-status")), "Discarded"));
        wait.until(ExpectedConditions.textToBe(By.id("state"), "Available"));

        // The call that matters: the pop must be on screen within a second of the FastAGI request.
        var hangUp = new CountDownLatch(1);
        var call = placeCall("07700 900123", XSS_NAME, hangUp);
        var pop = new WebDriverWait(browser, Duration.ofSeconds(1)).until(
                d -> d.findElements(By.cssSelector("section.call:not(.done)")).stream().findFirst().orElse(null));
        long callId = Long.parseLong(pop.getAttribute("data-call-id"));
        assertTrue(pop.getText().contains(CallCentre.GREETING), pop.getText());
        assertEquals(XSS_NAME, pop.findElement(By.cssSelector(".caller-name")).getText(), "caller ID shown as text");
        assertEquals("+447700900123", pop.findElement(By.cssSelector(".caller-number")).getText());
        assertTrue(pop.findElement(By.cssSelector(".earlier summary")).getText().endsWith(": 1"));
        assertTrue(pop.findElement(By.cssSelector(".earlier")).getText().contains("radiator quote last month"));
        wait.until(ExpectedConditions.textToBe(By.id("state"), "Call ringing"));

        pop.findElement(By.cssSelector("button.save")).click();
        assertEquals("Caller name is required", field(callId, "caller_name-error").getText());
        assertEquals("true", field(callId, "caller_name").getAttribute("aria-invalid"));
        assertTrue(node.store().messages().findByCall(Scope.admin(), callId).isEmpty(), "nothing sent while the form is wrong");

        field(callId, "caller_name").sendKeys("Jane Caller");
        field(callId, "callback").sendKeys("07700 900123");
        field(callId, "reason").sendKeys("Boiler leaking in the kitchen, please call back");
        new Select(field(callId, "urgency")).selectByVisibleText("urgent");
        hangUp.countDown();
        assertEquals("ANSWERED", call.get(10, TimeUnit.SECONDS).status());
        wait.until(ExpectedConditions.textToBe(By.id("state"), "Wrap-up"));
        assertTrue(browser.findElement(By.id("timer")).getText().endsWith("of 2:00"));
        assertEquals("", field(callId, "caller_name-error").getText(), "typing clears the field's error");

        pop.findElement(By.cssSelector("button.save")).click();
        var status = pop.findElement(By.cssSelector(".form-status"));
        wait.until(ExpectedConditions.textMatches(By.cssSelector("section.call[data-call-id='" + callId + "'] .form-status"),
                java.util.regex.Pattern.compile("Saved as message \\d+\\.")));
        long messageId = Long.parseLong(status.getText().replaceAll("\\D", ""));
        var saved = node.store().messages().find(Scope.tenant(acme.id()), messageId).orElseThrow();
        assertEquals(callId, saved.callId());
        assertEquals(Urgency.URGENT, saved.urgency());
        wait.until(ExpectedConditions.textToBe(By.id("state"), "Available"));
        assertFalse("pwned".equals(browser.getTitle()), "the XSS payload never ran");
        browser.findElement(By.id("signout")).click();
        wait.until(ExpectedConditions.urlToBe(base + "/"));

        node.indexer().catchUp();
        signIn("alice");
        wait.until(ExpectedConditions.urlToBe(base + "/portal"));
        wait.until(d -> d.findElements(By.cssSelector("#inbox li")).size() == 2);
        var newest = browser.findElement(By.cssSelector("#inbox li"));
        assertEquals(String.valueOf(messageId), newest.getAttribute("data-id"));
        assertEquals("unread", newest.getAttribute("class"));
        browser.findElement(By.id("q")).sendKeys("kitchen");
        browser.findElement(By.cssSelector("#search button[type=submit]")).click();
        wait.until(d -> d.findElements(By.cssSelector("#inbox li")).size() == 1);
        browser.findElement(By.cssSelector("#inbox li button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("acknowledge"))).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("acknowledge")));
        assertTrue(node.store().messages().find(Scope.admin(), messageId).orElseThrow().acknowledgedAt() != null);
        browser.findElement(By.id("signout")).click();
        wait.until(ExpectedConditions.urlToBe(base + "/"));

        signIn("root");
        wait.until(d -> !d.getCurrentUrl().equals(base + "/"));
        browser.get(base + "/portal");
        wait.until(ExpectedConditions.textToBe(By.id("title"), "Message archive"));
        browser.findElement(By.id("q")).sendKeys("kitchen");
        browser.findElement(By.cssSelector("#search button[type=submit]")).click();
        wait.until(d -> d.findElements(By.cssSelector("#inbox li")).size() == 1);
        assertEquals(String.valueOf(messageId), browser.findElement(By.cssSelector("#inbox li")).getAttribute("data-id"));
    }

    @Test
    void theConsoleReconnectsByItselfAndGetsTheOfferMadeWhileItWasAway() throws Exception {
        signIn("olive");
        wait.until(ExpectedConditions.textToBe(By.id("link"), "Live"));
        browser.findElement(By.id("available")).click();
        wait.until(ExpectedConditions.textToBe(By.id("state"), "Available"));

        node.disconnectConsoles();
        wait.until(ExpectedConditions.textToBe(By.id("link"), "Connection lost, reconnecting…"));
        var hangUp = new CountDownLatch(1);
        placeCall("07700 900123", "Jane Caller", hangUp);

        var pop = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("section.call")));
        assertEquals("Jane Caller", pop.findElement(By.cssSelector(".caller-name")).getText());
        assertEquals("Live", browser.findElement(By.id("link")).getText());
        hangUp.countDown();
    }

    private WebElement field(long callId, String suffix) {
        return browser.findElement(By.id("f-" + callId + "-" + suffix));
    }

    private void signIn(String username) {
        centre.page.signIn(username, CallCentre.PASSWORD);
    }

    private Future<CallSimulator.Result> placeCall(String from, String name, CountDownLatch hangUp) {
        return centre.call(from, name, hangUp);
    }
}
