package livechat.api.security;

/**
 * The chat clients the server serves from {@code classpath:/static}: the agent console at {@code /}, the supervisor's
 * dashboard at {@code /supervisor.html}, the audit desk at {@code /audit.html} and the visitor widget at
 * {@code /widget.js}, whose modules are under {@code /clients/}. They are public files; what they call
 * needs its token like any other client's call.
 */
final class StaticClients {

    /** Files pages of other origins load: the widget's loader and the modules it imports. */
    static final String[] CROSS_ORIGIN = {"/widget.js", "/clients/**"};

    /** Every path of the clients, served without a token. */
    static final String[] PUBLIC = {"/", "/index.html", "/supervisor.html", "/audit.html", "/favicon.ico",
        "/widget.js", "/clients/**"};

    private StaticClients() {
    }
}
