package livechat.command.subject;

/** The answer to an erasure: {@code recorded} is false when the visitor's data had already been erased. */
public record Erasure(boolean recorded) {
}
