package org.messagebank.store.jdbc;

import org.messagebank.store.ContactStore;
import org.messagebank.store.domain.Contact;
import org.messagebank.store.domain.ContentMode;
import org.messagebank.store.domain.DeliveryChannel;
import org.messagebank.store.domain.DeliveryRules;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

final class JdbcContactStore implements ContactStore {
    private static final String COLUMNS = "id, client_id, name, mobile, email, normal_channels, urgent_channels, escalation_order";
    private static final String RULE_COLUMNS = "client_id, time_zone, quiet_start, quiet_end, content_mode, subject_prefix,"
            + " sign_off, sms_sender, webhook_url, webhook_secret, escalation_after_seconds, escalation_rounds";

    private final Jdbc jdbc;

    JdbcContactStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Contact add(Contact c) {
        long id = jdbc.withConnection(conn -> Jdbc.insert(conn,
                "INSERT INTO contacts (client_id, name, mobile, email, normal_channels, urgent_channels, escalation_order)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                c.clientId(), c.name(), c.mobile(), c.email(), DeliveryChannel.format(c.normalChannels()),
                DeliveryChannel.format(c.urgentChannels()), c.escalationOrder()));
        return new Contact(id, c.clientId(), c.name(), c.mobile(), c.email(), c.normalChannels(), c.urgentChannels(),
                c.escalationOrder());
    }

    @Override
    public Optional<Contact> find(long contactId) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM contacts WHERE id = ?", JdbcContactStore::contact, contactId);
    }

    @Override
    public List<Contact> list(long clientId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM contacts WHERE client_id = ? ORDER BY id", JdbcContactStore::contact, clientId);
    }

    @Override
    public List<Contact> escalationList(long clientId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM contacts WHERE client_id = ? AND escalation_order IS NOT NULL"
                + " ORDER BY escalation_order, id", JdbcContactStore::contact, clientId);
    }

    @Override
    public List<Contact> findByMobile(String e164) {
        return jdbc.query("SELECT " + COLUMNS + " FROM contacts WHERE mobile = ? ORDER BY id", JdbcContactStore::contact, e164);
    }

    @Override
    public boolean update(Contact c) {
        return jdbc.update("UPDATE contacts SET name = ?, mobile = ?, email = ?, normal_channels = ?, urgent_channels = ?,"
                        + " escalation_order = ? WHERE id = ? AND client_id = ?", c.name(), c.mobile(), c.email(),
                DeliveryChannel.format(c.normalChannels()), DeliveryChannel.format(c.urgentChannels()), c.escalationOrder(),
                c.id(), c.clientId()) == 1;
    }

    @Override
    public boolean delete(long contactId) {
        return jdbc.update("DELETE FROM contacts WHERE id = ?", contactId) == 1;
    }

    @Override
    public DeliveryRules rules(long clientId) {
        return jdbc.queryOne("SELECT " + RULE_COLUMNS + " FROM delivery_rules WHERE client_id = ?", JdbcContactStore::rules, clientId)
                .orElseGet(() -> DeliveryRules.defaults(clientId));
    }

    @Override
    public void saveRules(DeliveryRules r) {
        Object[] values = {r.timeZone().getId(), minutes(r.quietStart()), minutes(r.quietEnd()), r.contentMode(),
                r.subjectPrefix(), r.signOff(), r.smsSender(), r.webhookUrl(), r.webhookSecret(),
                r.escalationAfter() == null ? null : (int) r.escalationAfter().toSeconds(), r.escalationRounds(), r.clientId()};
        jdbc.inTransaction(c -> {
            int updated = Jdbc.update(c, "UPDATE delivery_rules SET time_zone = ?, quiet_start = ?, quiet_end = ?, content_mode = ?,"
                    + " subject_prefix = ?, sign_off = ?, sms_sender = ?, webhook_url = ?, webhook_secret = ?,"
                    + " escalation_after_seconds = ?, escalation_rounds = ? WHERE client_id = ?", values);
            if (updated == 0) {
                Jdbc.update(c, "INSERT INTO delivery_rules (time_zone, quiet_start, quiet_end, content_mode, subject_prefix,"
                        + " sign_off, sms_sender, webhook_url, webhook_secret, escalation_after_seconds, escalation_rounds, client_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values);
            }
            return null;
        });
    }

    private static Integer minutes(LocalTime time) {
        return time == null ? null : time.getHour() * 60 + time.getMinute();
    }

    private static LocalTime time(ResultSet rs, String column) throws SQLException {
        int minutes = rs.getInt(column);
        return rs.wasNull() ? null : LocalTime.of(minutes / 60, minutes % 60);
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Contact contact(ResultSet rs) throws SQLException {
        return new Contact(rs.getLong("id"), rs.getLong("client_id"), rs.getString("name"), rs.getString("mobile"),
                rs.getString("email"), DeliveryChannel.parseSet(rs.getString("normal_channels")),
                DeliveryChannel.parseSet(rs.getString("urgent_channels")), nullableInt(rs, "escalation_order"));
    }

    private static DeliveryRules rules(ResultSet rs) throws SQLException {
        Integer after = nullableInt(rs, "escalation_after_seconds");
        return new DeliveryRules(rs.getLong("client_id"), ZoneId.of(rs.getString("time_zone")), time(rs, "quiet_start"),
                time(rs, "quiet_end"), ContentMode.valueOf(rs.getString("content_mode")), rs.getString("subject_prefix"),
                rs.getString("sign_off"), rs.getString("sms_sender"), rs.getString("webhook_url"), rs.getString("webhook_secret"),
                after == null ? null : Duration.ofSeconds(after), nullableInt(rs, "escalation_rounds"));
    }
}
