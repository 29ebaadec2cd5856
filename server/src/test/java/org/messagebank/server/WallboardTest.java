package org.messagebank.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.store.Await;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.Urgency;
import org.messagebank.telephony.sim.CallSimulator;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admins' wallboard over HTTP and in Chromium: a waiting call, operators by state, today's counts. */
class WallboardTest {
    private static final String PASSWORD = CallCentre.PASSWORD;

    @TempDir
    Path dir;
    private CallCentre centre;
    private ApiClient api;

    @BeforeEach
    void start() throws Exception {
        centre = new CallCentre(dir, "acd:\n  default-max-wait: 10m");
        api = centre.api;
        var store = centre.node.store();
        store.clients().create("Quiet Ltd", "Hello");
        var paul = store.operators().create("Paul", "PJSIP/101");
        store.operators().allow(paul.id(), centre.acme.id());
        store.messages().save(new NewMessage(centre.acme.id(), null, null, "+447700900123", "Jane", 1, Map.of("reason", "r"),
                Urgency.NORMAL));
        centre.node.telephony().logIn(centre.olive.id());
        centre.node.telephony().pause(centre.olive.id(), "lunch");
        centre.call("07700900123", "Jane", (endpoint, ring) -> CallSimulator.DialOutcome.noAnswer());
        Await.until("the call waits in the queue", () -> centre.node.telephony().acd().waiting().size() == 1);
    }

    @AfterEach
    void stop() {
        centre.close();
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
        var page = centre.page;
        page.openBrowser();
        page.signIn("root", PASSWORD);
        page.wait.until(d -> !d.getCurrentUrl().equals(centre.base + "/"));
        page.browser.get(centre.base + "/wallboard");
        page.wait.until(ExpectedConditions.textToBe(By.id("waiting-count"), "1"));
        assertTrue(page.byId("waiting").getText().startsWith("Acme Plumbing"));
        assertEquals("paused: 1", page.browser.findElement(By.cssSelector("#by-state li[data-state=PAUSED]")).getText());
        assertTrue(page.byId("operators").getText().contains("paused (lunch)"));
        assertEquals("Acme Plumbing 1 1", page.browser.findElement(By.cssSelector("#today tr")).getText());
    }
}
