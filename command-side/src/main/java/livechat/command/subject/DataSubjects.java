package livechat.command.subject;

import java.util.Optional;

/**
 * What an erasure asks outside the subject's own aggregate: whether personal data of a visitor was ever kept
 * (sealed under their key), which only the key store knows, and whether any of it must be kept (a conversation of
 * theirs under legal hold or with an open dispute), which their conversations know.
 */
public interface DataSubjects {

    boolean known(String visitorId);

    /** What keeps the visitor's data from being erased now, said for a person to read; empty if nothing. */
    Optional<String> hold(String visitorId);
}
