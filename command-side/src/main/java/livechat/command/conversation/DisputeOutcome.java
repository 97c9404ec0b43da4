package livechat.command.conversation;

import java.util.Arrays;
import java.util.Locale;

import static livechat.command.conversation.ConversationRule.DISPUTE_OUTCOME;

/** How a supervisor settles a dispute; its wire name is the lowercase constant name. */
enum DisputeOutcome {
    UPHELD, REJECTED, SETTLED;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DisputeOutcome of(String raw) {
        String outcome = Trimmed.of(raw);
        return Arrays.stream(values()).filter(known -> known.wireName().equals(outcome)).findFirst()
                .orElseThrow(() -> DISPUTE_OUTCOME.broken("A dispute's outcome is one of " + Arrays.stream(values())
                        .map(DisputeOutcome::wireName).sorted().toList() + "."));
    }
}
