package org.messagebank.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Config files, CLI runs and HTTP calls for server tests. */
final class ServerTestSupport {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServerTestSupport() {
    }

    /** A config file keeping everything under {@code dir}, on free ports. */
    static Path configIn(Path dir, String... extraLines) throws IOException {
        var yaml = new StringBuilder()
                .append("data:\n  dir: ").append(dir.resolve("data")).append('\n')
                .append("http:\n  host: 127.0.0.1\n  port: 0\n")
                .append("agi:\n  host: 127.0.0.1\n  port: 0\n");
        for (String line : extraLines) {
            yaml.append(line).append('\n');
        }
        return Files.writeString(dir.resolve("messagebank.yml"), yaml);
    }

    record Run(int status, String out, String err) {
    }

    static Run cli(Map<String, String> env, String... args) {
        return cli(env, Clock.systemUTC(), args);
    }

    static Run cli(Map<String, String> env, java.time.Instant now, String... args) {
        return cli(env, Clock.fixed(now, java.time.ZoneOffset.UTC), args);
    }

    private static Run cli(Map<String, String> env, Clock clock, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), clock);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
