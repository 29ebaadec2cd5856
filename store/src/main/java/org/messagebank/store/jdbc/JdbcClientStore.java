package org.messagebank.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.messagebank.store.ClientStore;
import org.messagebank.store.ConflictException;
import org.messagebank.store.NotFoundException;
import org.messagebank.store.StoreException;
import org.messagebank.store.domain.CaptureScript;
import org.messagebank.store.domain.Client;
import org.messagebank.store.domain.ClientNumber;
import org.messagebank.store.domain.ClientStatus;
import org.messagebank.store.domain.ScriptField;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

final class JdbcClientStore implements ClientStore {
    private static final TypeReference<List<ScriptField>> FIELDS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, name, greeting, status, created_at, ceased_at";

    private final Jdbc jdbc;
    private final StoreClock clock;
    private final ObjectMapper json;

    JdbcClientStore(Jdbc jdbc, StoreClock clock, ObjectMapper json) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.json = json;
    }

    @Override
    public Client create(String name, String greeting) {
        var now = clock.now();
        long id = jdbc.withConnection(c -> Jdbc.insert(c,
                "INSERT INTO clients (name, greeting, status, created_at) VALUES (?, ?, ?, ?)",
                name, greeting, ClientStatus.ACTIVE, now));
        return new Client(id, name, greeting, ClientStatus.ACTIVE, now, null);
    }

    @Override
    public Optional<Client> find(long clientId) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM clients WHERE id = ?", JdbcClientStore::client, clientId);
    }

    @Override
    public List<Client> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM clients ORDER BY id", JdbcClientStore::client);
    }

    @Override
    public Optional<Client> findByName(String name) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM clients WHERE name = ? ORDER BY id LIMIT 1",
                JdbcClientStore::client, name);
    }

    @Override
    public void setLegalHold(long clientId, boolean held) {
        if (jdbc.update("UPDATE clients SET legal_hold = ? WHERE id = ?", held, clientId) == 0) {
            throw new NotFoundException("no client " + clientId);
        }
    }

    @Override
    public boolean onLegalHold(long clientId) {
        return jdbc.queryOne("SELECT legal_hold FROM clients WHERE id = ?", rs -> rs.getBoolean(1), clientId)
                .orElseThrow(() -> new NotFoundException("no client " + clientId));
    }

    @Override
    public Client cease(long clientId) {
        jdbc.update("UPDATE clients SET status = ?, ceased_at = ? WHERE id = ? AND status = ?",
                ClientStatus.CEASED, clock.now(), clientId, ClientStatus.ACTIVE);
        return find(clientId).orElseThrow(() -> new NotFoundException("no client " + clientId));
    }

    @Override
    public ClientNumber addNumber(long clientId, String e164) {
        var number = new ClientNumber(e164, clientId);
        try {
            jdbc.update("INSERT INTO client_numbers (e164, client_id) VALUES (?, ?)", e164, clientId);
        } catch (StoreException e) {
            if (Jdbc.isUniqueViolation(e)) {
                throw new ConflictException("the number " + e164 + " already reaches a client");
            }
            throw e;
        }
        return number;
    }

    @Override
    public Optional<ClientNumber> findNumber(String e164) {
        return jdbc.queryOne("SELECT e164, client_id FROM client_numbers WHERE e164 = ?",
                rs -> new ClientNumber(rs.getString(1), rs.getLong(2)), e164);
    }

    @Override
    public List<ClientNumber> numbers(long clientId) {
        return jdbc.query("SELECT e164, client_id FROM client_numbers WHERE client_id = ? ORDER BY e164",
                rs -> new ClientNumber(rs.getString(1), rs.getLong(2)), clientId);
    }

    @Override
    public CaptureScript saveScript(long clientId, List<ScriptField> fields) {
        var now = clock.now();
        String encoded = encode(fields);
        return jdbc.inTransaction(c -> {
            var locked = Jdbc.query(c, "SELECT id FROM clients WHERE id = ? FOR UPDATE", rs -> rs.getLong(1), clientId);
            if (locked.isEmpty()) {
                throw new NotFoundException("no client " + clientId);
            }
            int version = Jdbc.query(c, "SELECT COALESCE(MAX(version), 0) FROM capture_scripts WHERE client_id = ?",
                    rs -> rs.getInt(1), clientId).getFirst() + 1;
            var script = new CaptureScript(clientId, version, fields, now);
            Jdbc.update(c, "INSERT INTO capture_scripts (client_id, version, fields, created_at) VALUES (?, ?, ?, ?)",
                    clientId, version, encoded, now);
            return script;
        });
    }

    @Override
    public Optional<CaptureScript> currentScript(long clientId) {
        return jdbc.queryOne("SELECT client_id, version, fields, created_at FROM capture_scripts"
                + " WHERE client_id = ? ORDER BY version DESC LIMIT 1", this::script, clientId);
    }

    @Override
    public Optional<CaptureScript> script(long clientId, int version) {
        return jdbc.queryOne("SELECT client_id, version, fields, created_at FROM capture_scripts"
                + " WHERE client_id = ? AND version = ?", this::script, clientId, version);
    }

    @Override
    public List<CaptureScript> scripts(long clientId) {
        return jdbc.query("SELECT client_id, version, fields, created_at FROM capture_scripts"
                + " WHERE client_id = ? ORDER BY version DESC", this::script, clientId);
    }

    private CaptureScript script(ResultSet rs) throws SQLException {
        try {
            return new CaptureScript(rs.getLong("client_id"), rs.getInt("version"),
                    json.readValue(rs.getString("fields"), FIELDS), Jdbc.instant(rs, "created_at"));
        } catch (JsonProcessingException e) {
            throw new StoreException("stored capture script is not readable", e);
        }
    }

    private String encode(List<ScriptField> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new StoreException("capture script cannot be encoded", e);
        }
    }

    private static Client client(ResultSet rs) throws SQLException {
        return new Client(rs.getLong("id"), rs.getString("name"), rs.getString("greeting"),
                ClientStatus.valueOf(rs.getString("status")), Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "ceased_at"));
    }
}
