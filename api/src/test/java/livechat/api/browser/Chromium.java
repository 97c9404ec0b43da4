package livechat.api.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * The system's headless Chromium (Debian's {@code chromium} package), driven by Playwright, which never downloads a
 * browser of its own. Where no Chromium is installed the browser tests skip themselves and the build says so once
 * (the {@code without-chromium} profile of the root pom).
 */
final class Chromium implements AutoCloseable {

    static final Path EXECUTABLE = Paths.get("/usr/bin/chromium");
    /** Screenshots and measurements, kept with the build's other reports. */
    static final Path ARTIFACTS = Paths.get("target", "browser");
    private static final List<String> ARGUMENTS = List.of("--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");

    private final Playwright playwright;
    private final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static boolean installed() {
        return Files.isExecutable(EXECUTABLE);
    }

    static Chromium launch() {
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            return new Chromium(playwright, playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(EXECUTABLE).setHeadless(true).setArgs(ARGUMENTS)));
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** A page in a context of its own: its own storage, as another person's browser would have. */
    Page newPerson() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1100, 760));
        context.setDefaultTimeout(20_000);
        return context.newPage();
    }

    static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(ARTIFACTS.resolve(name + ".png")));
    }

    /** The whole page, beyond the viewport: for screens that scroll. */
    static void screenshotWhole(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(ARTIFACTS.resolve(name + ".png")).setFullPage(true));
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
