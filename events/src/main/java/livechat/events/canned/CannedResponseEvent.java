package livechat.events.canned;

import livechat.events.Actor;

/** The shared library of predefined replies, one aggregate per key. */
public sealed interface CannedResponseEvent {

    String key();

    record CannedResponseSaved(String key, String title, String text, Actor savedBy) implements CannedResponseEvent {
    }

    record CannedResponseRemoved(String key, Actor removedBy) implements CannedResponseEvent {
    }
}
