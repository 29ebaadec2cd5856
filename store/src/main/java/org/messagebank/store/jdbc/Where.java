package org.messagebank.store.jdbc;

import org.messagebank.store.Scope;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A WHERE clause that starts from a scope, so that tenant filtering cannot be forgotten. */
record Where(List<String> conditions, List<Object> values) {

    static Where scoped(Scope scope) {
        return switch (scope) {
            case Scope.Tenant t -> new Where(List.of("client_id = ?"), List.of(t.clientId()));
            case Scope.Admin a -> new Where(List.of(), List.of());
        };
    }

    Where and(String condition, Object... params) {
        var c = new ArrayList<>(conditions);
        c.add(condition);
        var v = new ArrayList<>(values);
        Collections.addAll(v, params);
        return new Where(List.copyOf(c), Collections.unmodifiableList(v));
    }

    String sql() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    Object[] params() {
        return values.toArray();
    }
}
