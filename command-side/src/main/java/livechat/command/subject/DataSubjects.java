package livechat.command.subject;

/** Whether personal data of a visitor was ever kept (sealed under their key), which only the key store knows. */
@FunctionalInterface
public interface DataSubjects {

    boolean known(String visitorId);
}
