package org.messagebank.server;

import org.messagebank.server.http.JsonText;
import org.messagebank.server.http.Request;
import org.messagebank.server.http.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Liveness and readiness for load balancers and orchestrators. */
final class HealthRoutes {
    private final BooleanSupplier database;
    private final BooleanSupplier index;
    private final BooleanSupplier stopping;
    private final Supplier<String> ami;
    private final Supplier<List<String>> stoppedSubscriptions;

    /**
     * @param ami                  the AMI connection's state: UP, DEGRADED or OFF; reported, but never
     *                             makes the node unready, since calls still route over FastAGI without it
     * @param stoppedSubscriptions event-bus subscriptions that no longer follow their topic
     */
    HealthRoutes(BooleanSupplier database, BooleanSupplier index, BooleanSupplier stopping, Supplier<String> ami,
                 Supplier<List<String>> stoppedSubscriptions) {
        this.database = database;
        this.index = index;
        this.stopping = stopping;
        this.ami = ami;
        this.stoppedSubscriptions = stoppedSubscriptions;
    }

    /** 200 while the process can answer at all. */
    Response live(Request request) {
        return Response.json(200, "{\"status\":\"UP\"}");
    }

    /**
     * 200 only while the database answers, the index is open, every event subscription follows
     * its topic, and the node is not stopping. AMI is reported as UP, DEGRADED (disconnected:
     * still 200) or OFF. Stopped subscriptions are named ({@code topic/group}).
     */
    Response ready(Request request) {
        var checks = new LinkedHashMap<String, String>();
        checks.put("database", database.getAsBoolean() ? "UP" : "DOWN");
        checks.put("index", index.getAsBoolean() ? "UP" : "DOWN");
        var stopped = stoppedSubscriptions.get();
        checks.put("events", stopped.isEmpty() ? "UP" : "DOWN");
        boolean up = !stopping.getAsBoolean() && checks.values().stream().allMatch("UP"::equals);
        checks.put("ami", ami.get());
        var body = new LinkedHashMap<String, Object>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", checks);
        if (!stopped.isEmpty()) {
            body.put("stoppedSubscriptions", stopped);
        }
        return Response.json(up ? 200 : 503, JsonText.write(body));
    }
}
