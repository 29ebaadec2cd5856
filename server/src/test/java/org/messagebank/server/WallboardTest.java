package org.messagebank.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.ConfigLoader;
import org.messagebank.server.auth.PasswordHasher;
import org.messagebank.store.Await;
import org.messagebank.store.TestData;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.Role;
import org.messagebank.store.domain.Urgency;
import org.messagebank.telephony.sim.CallSimulator;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admins' wallboard over HTTP and in Chromium: a waiting call, operators by state, today's counts. */
class WallboardTest {
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;
    private Node node;
    private String base;
    private ApiClient api;
    private InetSocketAddress agi;
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void start() throws Exception {
        var config = ConfigLoader.load(Optional.of(ServerTestSupport.configIn(dir, "acd:\n  default-max-wait: 10m")), Map.of());
        node = Node.open(config, Clock.systemUTC());
        var store = node.store();
        var acme = store.clients().create("Acme Plumbing", "Hello");
        store.clients().create("Quiet Ltd", "Hello");
        store.clients().addNumber(acme.id(), "+442079460000");
        store.clients().saveScript(acme.id(), TestData.PLUMBER_SCRIPT);
        var olive = store.operators().create("Olive", "PJSIP/100");
        var paul = store.operators().create("Paul", "PJSIP/101");
        store.operators().allow(olive.id(), acme.id());
        store.operators().allow(paul.id(), acme.id());
        String hash = new PasswordHasher().hash(PASSWORD);
        store.users().create("root", Role.ADMIN, null, null, hash);
        store.users().create("olive", Role.OPERATOR, null, olive.id(), hash);
        store.users().create("alice", Role.CLIENT_USER, acme.id(), null, hash);
        store.messages().save(new NewMessage(acme.id(), null, null, "+447700900123", "Jane", 1, Map.of("reason", "r"), Urgency.NORMAL));
        agi = node.serveTelephony();
        node.telephony().logIn(olive.id());
        node.telephony().pause(olive.id(), "lunch");
        base = "http://127.0.0.1:" + node.serveHttp().getPort();
        api = new ApiClient(base);
        callers.submit(() -> CallSimulator.run(agi, CallSimulator.Call.inbound("02079460000", "07700900123", "Jane"),
                (endpoint, ring) -> CallSimulator.DialOutcome.noAnswer(), CallSimulator.Transcript.NONE));
        Await.until("the call waits in the queue", () -> node.telephony().acd().waiting().size() == 1);
    }

    @AfterEach
    void stop() {
        callers.shutdownNow();
        node.close();
    }

    @Test
    void showsTheWaitingCallOperatorsByStateAndTodaysCountsToAdminsOnly() throws Exception {
        var board = ApiClient.json(api.get("/api/v1/admin/wallboard", api.signIn("root", PASSWORD)));

        assertEquals(1, board.get("waiting").size());
        assertEquals("Acme Plumbing", board.at("/waiting/0/clientName").asText());
        assertTrue(board.at("/waiting/0/waitingSeconds").asLong() >= 0);
        assertEquals(1, board.at("/operatorsByState/PAUSED").asLong());
        assertEquals(1, board.at("/operatorsByState/LOGGED_OUT").asLong());
        assertEquals(0, board.at("/operatorsByState/AVAILABLE").asLong());
        assertEquals("lunch", board.at("/operators/0/pauseReason").asText());
        assertEquals("Paul", board.at("/operators/1/name").asText());
        assertEquals(1, board.get("today").size(), "a client with no call or message today is left out");
        assertEquals("Acme Plumbing", board.at("/today/0/clientName").asText());
        assertEquals(1, board.at("/today/0/calls").asLong());
        assertEquals(1, board.at("/today/0/messages").asLong());

        assertEquals(403, api.get("/api/v1/admin/wallboard", api.signIn("olive", PASSWORD)).statusCode());
        assertEquals(403, api.get("/api/v1/admin/wallboard", api.signIn("alice", PASSWORD)).statusCode());
        assertEquals(401, api.get("/api/v1/admin/wallboard", null).statusCode());
    }

    @Test
    void theWallboardPageShowsTheBoard() throws Exception {
        var browser = Browsers.chromium(dir.resolve("chromium"));
        try {
            var wait = new WebDriverWait(browser, Duration.ofSeconds(10));
            browser.get(base + "/");
            browser.findElement(By.id("username")).sendKeys("root");
            browser.findElement(By.id("password")).sendKeys(PASSWORD);
            browser.findElement(By.cssSelector("#signin button[type=submit]")).click();
            wait.until(d -> !d.getCurrentUrl().equals(base + "/"));
            browser.get(base + "/wallboard");
            wait.until(ExpectedConditions.textToBe(By.id("waiting-count"), "1"));
            assertTrue(browser.findElement(By.id("waiting")).getText().startsWith("Acme Plumbing"));
            assertEquals("paused: 1", browser.findElement(By.cssSelector("#by-state li[data-state=PAUSED]")).getText());
            assertTrue(browser.findElement(By.id("operators")).getText().contains("paused (lunch)"));
            assertEquals("Acme Plumbing 1 1", browser.findElement(By.cssSelector("#today tr")).getText());
        } finally {
            browser.quit();
        }
    }
}
