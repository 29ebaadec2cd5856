package org.messagebank.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.server.auth.PasswordHasher;
import org.messagebank.store.domain.DeliveryChannel;
import org.messagebank.store.domain.NewDispatch;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.Role;
import org.messagebank.store.domain.Urgency;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin console in headless Chromium, as an admin uses it. */
class AdminBrowserTest {
    private static final String PASSWORD = "correct horse battery";
    private static final String XSS_NAME = "<img src=x onerror=\"document.title='pwned'\">";

    @TempDir
    Path dir;
    private PageFixture page;
    private Node node;
    private String base;
    private ApiClient api;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private long rootId;

    @BeforeEach
    void start() throws Exception {
        page = new PageFixture(dir, Clock.systemUTC());
        node = page.node;
        base = page.base;
        api = new ApiClient(base);
        String hash = new PasswordHasher().hash(PASSWORD);
        rootId = node.store().users().create("root", Role.ADMIN, null, null, hash).id();
        var taken = node.store().clients().create("Taken Ltd", "Hello");
        node.store().clients().addNumber(taken.id(), "+442079460999");
        node.store().users().create("tina", Role.CLIENT_USER, taken.id(), null, hash);
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

    private void signIn(String username) {
        Browsers.signIn(browser, base, username, PASSWORD);
    }

    private WebElement find(String css) {
        return browser.findElement(By.cssSelector(css));
    }

    private void type(String css, String text) {
        var input = find(css);
        input.clear();
        input.sendKeys(text);
    }

    private void open(String view) {
        browser.findElement(By.linkText(view)).click();
        wait.until(d -> d.findElement(By.cssSelector("nav a[aria-current=page]")).getText().equals(view));
    }

    private WebElement scriptField(int position) {
        return find("#script-editor fieldset.script-field:nth-of-type(" + position + ")");
    }

    private List<String> auditActions() {
        return browser.findElements(By.cssSelector("#audit-list tbody tr td:nth-child(4)")).stream().map(WebElement::getText).toList();
    }

    @Test
    void adminSetsUpAClientWithScriptOperatorUserAndApiKeyThenSeesItAudited() throws Exception {
        signIn("root");
        wait.until(ExpectedConditions.urlToBe(base + "/admin"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("client-list"), "Taken Ltd"));
        assertEquals("root", find("#who").getText());

        type("#client-name", "Acme Plumbing");
        type("#client-greeting", "Good morning, Acme Plumbing");
        find("#new-client button[type=submit]").click();
        wait.until(ExpectedConditions.textToBe(By.id("client-heading"), "Acme Plumbing"));
        long acme = node.store().clients().findByName("Acme Plumbing").orElseThrow().id();

        type("#client-number", "020 7946 0123");
        find("#add-number button[type=submit]").click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#client-numbers li"), "+442079460123"));
        type("#client-number", "+44 20 7946 0999");
        find("#add-number button[type=submit]").click();
        wait.until(ExpectedConditions.textToBe(By.id("number-error"), "the number +442079460999 already reaches a client"));
        assertEquals("true", find("#client-number").getAttribute("aria-invalid"));

        scriptField(1).findElement(By.name("name")).sendKeys("Caller Name");
        scriptField(1).findElement(By.name("label")).sendKeys("Caller's name");
        find("#script-editor .add-field").click();
        scriptField(2).findElement(By.name("name")).sendKeys("urgency");
        scriptField(2).findElement(By.name("label")).sendKeys("Urgency");
        new Select(scriptField(2).findElement(By.name("type"))).selectByVisibleText("choice");
        scriptField(2).findElement(By.name("required")).click();
        scriptField(2).findElement(By.name("options")).sendKeys("normal\nurgent");
        find("#script-editor button[type=submit]").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("script-error"), "field name must match"));
        assertTrue(node.store().clients().currentScript(acme).isEmpty(), "nothing saved while the script is invalid");

        type("#script-editor fieldset.script-field:nth-of-type(1) input[name=name]", "caller_name");
        find("#script-editor button[type=submit]").click();
        wait.until(ExpectedConditions.textToBe(By.id("script-error"), "Saved as version 1."));
        var v1 = node.store().clients().currentScript(acme).orElseThrow();
        assertEquals(List.of("caller_name", "urgency"), v1.fields().stream().map(f -> f.name()).toList());
        assertEquals(List.of("normal", "urgent"), v1.field("urgency").orElseThrow().options());
        assertTrue(v1.field("urgency").orElseThrow().required());

        type("#script-editor fieldset.script-field:nth-of-type(1) input[name=label]", "Name of the caller");
        find("#script-editor fieldset.script-field:nth-of-type(2) .move-up").click();
        find("#script-editor button[type=submit]").click();
        wait.until(ExpectedConditions.textToBe(By.id("script-error"), "Saved as version 2."));
        var versions = browser.findElements(By.cssSelector("#script-versions > li"));
        assertEquals(List.of("2", "1"), versions.stream().map(v -> v.getAttribute("data-version")).toList());
        assertTrue(versions.get(0).findElement(By.tagName("summary")).getText().startsWith("Version 2 (current)"));
        assertTrue(versions.get(1).getAttribute("textContent").contains("Caller's name"), "version 1 is still listed as it was");
        assertEquals(2, node.store().clients().currentScript(acme).orElseThrow().version());
        assertEquals("urgency", node.store().clients().currentScript(acme).orElseThrow().fields().getFirst().name());
        assertEquals("Caller's name", node.store().clients().script(acme, 1).orElseThrow().field("caller_name").orElseThrow().label());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#client-list tr[data-id='" + acme + "']"), "version 2"));

        open("Operators");
        type("#operator-name", "Olive");
        type("#operator-endpoint", "PJSIP/101");
        find("#new-operator button[type=submit]").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("operator-list"), "Olive (PJSIP/101) may answer"));
        long olive = node.store().operators().list().getFirst().id();
        browser.findElement(By.xpath("//fieldset[@data-id='" + olive + "']//label[text()='Acme Plumbing']")).click();
        wait.until(d -> node.store().operators().allowedClients(olive).contains(acme));
        browser.navigate().refresh();
        wait.until(ExpectedConditions.elementToBeSelected(By.id("operator-" + olive + "-client-" + acme)));

        open("Users");
        type("#user-username", "carol");
        new Select(find("#user-client")).selectByVisibleText("Acme Plumbing");
        find("#new-user button[type=submit]").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("user-link")));
        assertTrue(find("#user-link-label").getText().startsWith("One-time set-password link for carol"));
        String link = find("#user-link-url").getAttribute("value");
        assertTrue(link.startsWith(base + "/set-password#"), link);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-list"), "client Acme Plumbing"));
        var setPassword = api.send("POST", "/api/v1/password", ApiClient.JSON.writeValueAsString(
                Map.of("token", link.substring(link.indexOf('#') + 1), "password", PASSWORD)), null, Map.of());
        assertEquals(204, setPassword.statusCode(), "the link shown sets carol's password: " + setPassword.body());
        long carol = node.store().users().findByUsername("carol").orElseThrow().id();
        assertEquals(acme, node.store().users().find(carol).orElseThrow().clientId());

        open("API keys");
        type("#key-name", "CRM sync");
        new Select(find("#key-user")).selectByVisibleText("carol (client user)");
        find("#new-key button[type=submit]").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-issued")));
        String key = find("#key-issued-value").getAttribute("value");
        assertTrue(key.startsWith("mbk_"), key);
        var bearer = Map.of("Authorization", "Bearer " + key);
        assertEquals("carol", ApiClient.json(api.send("GET", "/api/v1/me", null, null, bearer)).get("username").asText());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-list"), "CRM sync"));
        find("#key-list button.revoke").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-list"), "No API keys."));
        assertEquals(401, api.send("GET", "/api/v1/me", null, null, bearer).statusCode(), "the revoked key no longer works");

        open("Clients");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#client-list tr[data-id='" + acme + "'] button"))).click();
        wait.until(ExpectedConditions.textToBe(By.id("client-heading"), "Acme Plumbing"));
        find("#cease").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cease-question")));
        find("#cease-cancel").click();
        assertTrue(node.store().clients().find(acme).orElseThrow().active(), "cancelling keeps the service");
        find("#cease").click();
        find("#cease-confirm").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("client-status"), "service ceased"));
        assertTrue(!node.store().clients().find(acme).orElseThrow().active());

        open("Audit log");
        wait.until(d -> auditActions().contains("client.cease"));
        assertEquals(List.of("client.cease", "api-key.revoke", "api-key.create", "password.set", "user.create", "operator.allow",
                "operator.create", "client.script.save", "client.script.save", "client.number.add", "client.create"),
                auditActions().subList(0, 11));
        assertEquals("root (user:" + rootId + ")", find("#audit-list tbody tr td:nth-child(3)").getText());
    }

    @Test
    void namesStayTextDeadLettersShowTheProvidersReasonAndTheAuditLogPages() throws Exception {
        var store = node.store();
        var taken = store.clients().findByName("Taken Ltd").orElseThrow();
        var message = store.messages().save(new NewMessage(taken.id(), null, null, "+447700900123", "Jane", 1,
                Map.of("reason", "leak"), Urgency.NORMAL));
        // Due in an hour, so that the node's own delivery workers leave it to this test to claim and fail.
        var due = Instant.now().plus(Duration.ofHours(1));
        var dispatch = store.dispatches().createAll(List.of(new NewDispatch(message.id(), taken.id(), null,
                DeliveryChannel.WEBHOOK, false, due))).getFirst();
        store.dispatches().claimDue("test", List.of(DeliveryChannel.WEBHOOK), due.plusSeconds(1), Duration.ofMinutes(1), 10);
        assertTrue(store.dispatches().markFailed(dispatch.id(), "test", "http-500", "the client's CRM answered 500", true));
        for (int i = 0; i < 60; i++) {
            store.audit().append("system:test", "test.entry", "entry:" + i, "");
        }

        signIn("root");
        wait.until(ExpectedConditions.urlToBe(base + "/admin"));
        type("#client-name", XSS_NAME);
        type("#client-greeting", "Hello <b>there</b>" + Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(By.id("client-heading"), XSS_NAME));
        assertTrue(find("#client-list").getText().contains(XSS_NAME), "the typed markup is shown as text");
        assertTrue(find("#client-detail").getText().contains("Hello <b>there</b>"));
        assertTrue(browser.findElements(By.cssSelector("main img, main b")).isEmpty(), "no markup was made from the name");

        open("Operators");
        type("#operator-name", "Olive");
        type("#operator-endpoint", "PJSIP/101" + Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("operator-list"), XSS_NAME));
        long olive = store.operators().list().getFirst().id();
        long xss = store.clients().findByName(XSS_NAME).orElseThrow().id();
        String allow = "operator-" + olive + "-client-" + xss;
        assertEquals(XSS_NAME, find("label[for=" + allow + "]").getText());
        find("#" + allow).sendKeys(Keys.SPACE);
        wait.until(d -> store.operators().allowedClients(olive).contains(xss));

        open("Dead letters");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dead-letter-list"), "the client's CRM answered 500"));
        var cells = find("#dead-letter-list tbody tr").findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        assertEquals(List.of(String.valueOf(dispatch.id()), String.valueOf(message.id()), "Taken Ltd", "webhook", "1", "http-500",
                "the client's CRM answered 500"), cells.subList(0, 7));

        open("Audit log");
        wait.until(d -> auditActions().size() == 50);
        assertEquals(List.of("operator.allow", "operator.create", "client.create"), auditActions().subList(0, 3), "newest first");
        String newestSeq = find("#audit-list tbody tr").getAttribute("data-seq");
        find("#audit-older").click();
        wait.until(d -> !find("#audit-list tbody tr").getAttribute("data-seq").equals(newestSeq));
        int total = (int) node.store().audit().list(null, 1000).size();
        assertEquals(total - 50, auditActions().size());
        assertEquals("true", find("#audit-older").getAttribute("disabled"), "no page beyond the oldest");
        find("#audit-newest").click();
        wait.until(d -> find("#audit-list tbody tr").getAttribute("data-seq").equals(newestSeq));
        assertNotEquals("pwned", browser.getTitle(), "the XSS payload never ran");
    }

    @Test
    void clientUsersAreNotShownTheAdminConsole() {
        signIn("tina");
        wait.until(ExpectedConditions.urlToBe(base + "/portal"));
        assertTrue(browser.findElement(By.id("admin-link")).getAttribute("hidden") != null, "no admin link for client users");
        browser.get(base + "/admin");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("page-error"), "The admin console is for admins."));
        assertTrue(browser.findElements(By.cssSelector("#client-list tbody tr")).isEmpty());
    }
}
