package livechat.query.transcript;

import livechat.events.Role;

/** The whole {@link Transcript} of a conversation in one piece, as {@code audience} may see it. */
public record ExportTranscript(String conversationId, Role audience) {
}
