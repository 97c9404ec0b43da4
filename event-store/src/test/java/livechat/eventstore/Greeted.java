package livechat.eventstore;

import org.axonframework.serialization.Revision;

/** A payload of the contract tests, at revision 1. */
@Revision("1")
public record Greeted(String text) {
}
