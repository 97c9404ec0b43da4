package livechat.query.audit;

/** Every {@link Dispute} with {@code status} ({@code OPEN} or {@code RESOLVED}; null: all), oldest first. */
public record FindDisputes(String status) {

    public FindDisputes {
        if (status != null && !status.equals("OPEN") && !status.equals("RESOLVED")) {
            throw new IllegalArgumentException("status is OPEN or RESOLVED");
        }
    }
}
