package org.messagebank.store.jdbc;

import org.messagebank.store.NotFoundException;
import org.messagebank.store.RegisterStore;
import org.messagebank.store.domain.RegisterContact;
import org.messagebank.store.domain.RegisterContact.Kind;
import org.messagebank.store.domain.RegisterContact.Status;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

final class JdbcRegisterStore implements RegisterStore {
    private static final String COLUMNS = "id, kind, status, name, company, email, phone, address, created_at, status_at";

    private final Jdbc jdbc;
    private final StoreClock clock;

    JdbcRegisterStore(Jdbc jdbc, StoreClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public RegisterContact add(Kind kind, String name, String company, String email, String phone, String address) {
        var now = clock.now();
        long id = jdbc.withConnection(c -> Jdbc.insert(c,
                "INSERT INTO register_contacts (kind, status, name, company, email, phone, address, created_at, status_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                kind, Status.ACTIVE, name, company, email, phone, address, now, now));
        return new RegisterContact(id, kind, Status.ACTIVE, name, company, email, phone, address, now, now);
    }

    @Override
    public Optional<RegisterContact> find(long id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM register_contacts WHERE id = ?", JdbcRegisterStore::contact, id);
    }

    @Override
    public List<RegisterContact> list(Kind kind) {
        return jdbc.query("SELECT " + COLUMNS + " FROM register_contacts WHERE kind = ? ORDER BY id", JdbcRegisterStore::contact, kind);
    }

    @Override
    public boolean enquiryDidNotProceed(long id) {
        return jdbc.update("DELETE FROM register_contacts WHERE id = ? AND kind = ?", id, Kind.ENQUIRY) == 1;
    }

    @Override
    public void resellerCeased(long id) {
        if (jdbc.update("UPDATE register_contacts SET status = ?, status_at = ? WHERE id = ? AND kind = ? AND status = ?",
                Status.CEASED, clock.now(), id, Kind.RESELLER, Status.ACTIVE) == 0 && find(id).isEmpty()) {
            throw new NotFoundException("no reseller " + id);
        }
    }

    @Override
    public boolean erase(long id) {
        return jdbc.update("DELETE FROM register_contacts WHERE id = ?", id) == 1;
    }

    @Override
    public boolean unsubscribe(long id) {
        return jdbc.update("DELETE FROM register_contacts WHERE id = ? AND kind = ?", id, Kind.MARKETING) == 1;
    }

    private static RegisterContact contact(ResultSet rs) throws SQLException {
        return new RegisterContact(rs.getLong("id"), Kind.valueOf(rs.getString("kind")), Status.valueOf(rs.getString("status")),
                rs.getString("name"), rs.getString("company"), rs.getString("email"), rs.getString("phone"),
                rs.getString("address"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "status_at"));
    }
}
