package org.messagebank.telephony;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The Asterisk 22 transcripts in {@code src/test/resources/asterisk-22}, read as wire facts. */
public final class Fixtures {
    private static final Pattern EXCHANGE = Pattern.compile("^\\S+ >> '(.*)'  << b'(.*)'$");

    private Fixtures() {
    }

    public static String text(String name) {
        try (var in = Fixtures.class.getResourceAsStream("/asterisk-22/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One command our side sent and the bytes Asterisk answered. */
    public record Exchange(String command, String reply) {
    }

    /** A FastAGI transcript: the environment exactly as sent (each line ending in \n, the empty line last) and the exchanges. */
    public record AgiTranscript(String environment, List<Exchange> exchanges) {
    }

    public static AgiTranscript agi(String name) {
        var lines = text(name).split("\n", -1);
        var env = new StringBuilder();
        var exchanges = new ArrayList<Exchange>();
        int i = 0;
        while (!lines[i].contains("=== connection")) {
            i++;
        }
        for (i++; !lines[i].isEmpty(); i++) {
            env.append(lines[i]).append('\n');
        }
        env.append('\n');
        for (; i < lines.length; i++) {
            var m = EXCHANGE.matcher(lines[i]);
            if (m.matches()) {
                exchanges.add(new Exchange(m.group(1), m.group(2).replace("\\n", "\n")));
            }
        }
        return new AgiTranscript(env.toString(), exchanges);
    }

    /** The AMI packets Asterisk sent, as packets of "Key: Value" lines, in order (client lines dropped). */
    public static List<String> amiPackets(String name) {
        var packets = new ArrayList<String>();
        var packet = new StringBuilder();
        for (var line : text(name).split("\n", -1)) {
            if (line.startsWith(">>> ") || line.startsWith("<<< ") || line.startsWith("Asterisk Call Manager/")) {
                continue;
            }
            if (line.isEmpty()) {
                if (!packet.isEmpty()) {
                    packets.add(packet.toString());
                    packet.setLength(0);
                }
            } else {
                packet.append(line).append('\n');
            }
        }
        return packets;
    }

    /** The first event packet of the transcript with this name for which every given "Key: Value" line is present. */
    public static String amiEvent(String fixture, String event, String... lines) {
        return amiPackets(fixture).stream()
                .filter(p -> p.startsWith("Event: " + event + "\n"))
                .filter(p -> List.of(lines).stream().allMatch(l -> p.contains(l + "\n")))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no " + event + " in " + fixture));
    }
}
