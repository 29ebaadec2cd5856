package org.messagebank.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HealthRoutesTest {

    @Test
    void aNodeWithAStoppedEventSubscriptionIsNotReadyAndNamesIt() throws Exception {
        var stopped = List.of("messagebank.screen-pop/operator-console-pops.node-a");
        var response = new HealthRoutes(() -> true, () -> true, () -> false, () -> "OFF", () -> stopped).ready(null);

        assertEquals(503, response.status());
        var body = new ObjectMapper().readTree(new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("DOWN", body.get("status").asText());
        assertEquals("DOWN", body.at("/checks/events").asText());
        assertEquals("UP", body.at("/checks/database").asText());
        assertEquals(stopped.getFirst(), body.at("/stoppedSubscriptions/0").asText());
    }

    @Test
    void everySubscriptionFollowingIsReady() throws Exception {
        var response = new HealthRoutes(() -> true, () -> true, () -> false, () -> "OFF", List::of).ready(null);

        assertEquals(200, response.status());
        var body = new ObjectMapper().readTree(new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("UP", body.at("/checks/events").asText());
        assertNull(body.get("stoppedSubscriptions"));
    }
}
