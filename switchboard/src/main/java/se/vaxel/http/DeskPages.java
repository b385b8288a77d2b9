package se.vaxel.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The desks in the browser (agent-client's {@code src/main/desks}, copied onto the switchboard's classpath under
 * {@value #WEBROOT} at build): {@code /desk/} is the log-in page, {@code /desk/agent.html} and
 * {@code /desk/officer.html} the desks. Static files only; every piece of data comes from the APIs behind the
 * log-in. {@code /} leads to {@code /desk/}.
 */
public final class DeskPages {

    /** Where the desks' files are on the classpath. */
    public static final String WEBROOT = "vaxel-desks";

    /**
     * Only the switchboard's own scripts, styles and connections (its HTTP API and the desk WebSocket, which
     * 'self' covers); no inline script, no framing. The session token lives in the tab's sessionStorage, so
     * nothing foreign may run in these pages.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private DeskPages() {}

    public static void mount(Router router) {
        router.get("/").handler(ctx -> ctx.redirect("/desk/"));
        router.get("/desk").handler(ctx -> {
            if (ctx.request().path().endsWith("/")) {
                ctx.next(); // the router lets "/desk" match "/desk/" too
            } else {
                ctx.redirect("/desk/");
            }
        });
        router.route("/desk/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
            ctx.response()
                    .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer")
                    .putHeader("Cache-Control", "no-cache"); // revalidated (Last-Modified), so an upgrade shows at once
            ctx.next();
        }).handler(StaticHandler.create(WEBROOT).setIndexPage("index.html").setCachingEnabled(false)
                .setDefaultContentEncoding("UTF-8"));
    }
}
