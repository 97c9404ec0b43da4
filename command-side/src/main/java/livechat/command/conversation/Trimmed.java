package livechat.command.conversation;

/** What people send, as the rules read it: without surrounding white space, and empty rather than absent. */
final class Trimmed {

    private Trimmed() {
    }

    static String of(String raw) {
        return raw == null ? "" : raw.strip();
    }
}
