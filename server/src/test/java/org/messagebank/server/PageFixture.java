package org.messagebank.server;

import org.messagebank.config.ConfigLoader;
import org.messagebank.config.MessageBankConfig;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A node serving HTTP and, once the test has seeded its data, a headless Chromium pointed at
 * it; closing the fixture closes both.
 */
final class PageFixture implements AutoCloseable {
    final MessageBankConfig config;
    final Node node;
    final String base;
    /** The FastAGI address, when the fixture serves telephony; null otherwise. */
    final InetSocketAddress agi;
    private final Path dir;
    ChromeDriver browser;
    WebDriverWait wait;

    PageFixture(Path dir, Clock clock) throws IOException {
        this(dir, clock, false);
    }

    /** With {@code telephony}, also FastAGI and the operator pages (started before HTTP, as serve does). */
    PageFixture(Path dir, Clock clock, boolean telephony, String... configLines) throws IOException {
        this.dir = dir;
        this.config = ConfigLoader.load(Optional.of(ServerTestSupport.configIn(dir, configLines)), Map.of());
        this.node = Node.open(config, clock);
        this.agi = telephony ? node.serveTelephony() : null;
        this.base = "http://127.0.0.1:" + node.serveHttp().getPort();
    }

    /** Starts the browser; the test is skipped (or, in CI, fails) without Chromium. */
    void openBrowser() throws IOException {
        browser = Browsers.chromium(dir.resolve("chromium"));
        wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        // A page that re-renders a list replaces the element a condition just found; try again.
        wait.ignoring(StaleElementReferenceException.class);
    }

    void signIn(String username, String password) {
        Browsers.signIn(browser, base, username, password);
    }

    WebElement byId(String id) {
        return browser.findElement(org.openqa.selenium.By.id(id));
    }

    /** Sets a date or time input as picking from its control would, whatever the browser's locale. */
    void setValue(String id, String value) {
        browser.executeScript("const input = document.getElementById(arguments[0]); input.value = arguments[1];"
                + " input.dispatchEvent(new Event('change'));", id, value);
    }

    @Override
    public void close() {
        if (browser != null) {
            browser.quit();
        }
        node.close();
    }
}
