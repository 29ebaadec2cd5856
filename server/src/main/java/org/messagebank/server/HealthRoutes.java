package org.messagebank.server;

import org.messagebank.server.http.JsonText;
import org.messagebank.server.http.Request;
import org.messagebank.server.http.Response;

import java.util.LinkedHashMap;
import java.util.function.BooleanSupplier;

/** Liveness and readiness for load balancers and orchestrators. */
final class HealthRoutes {
    private final BooleanSupplier database;
    private final BooleanSupplier index;
    private final BooleanSupplier stopping;

    HealthRoutes(BooleanSupplier database, BooleanSupplier index, BooleanSupplier stopping) {
        this.database = database;
        this.index = index;
        this.stopping = stopping;
    }

    /** 200 while the process can answer at all. */
    Response live(Request request) {
        return Response.json(200, "{\"status\":\"UP\"}");
    }

    /** 200 only while the database answers and the index is open, and the node is not stopping. */
    Response ready(Request request) {
        var checks = new LinkedHashMap<String, String>();
        checks.put("database", database.getAsBoolean() ? "UP" : "DOWN");
        checks.put("index", index.getAsBoolean() ? "UP" : "DOWN");
        boolean up = !stopping.getAsBoolean() && checks.values().stream().allMatch("UP"::equals);
        var body = new LinkedHashMap<String, Object>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", checks);
        return Response.json(up ? 200 : 503, JsonText.write(body));
    }
}
