package livechat.events.privacy;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component whose content is personal data: the one serialization path ({@link PersonalDataModule})
 * stores it sealed under the data key {@link #value()} names, so the log, the audit chain over it and every copy of
 * it hold ciphertext, and destroying that key makes the content unreadable everywhere at once.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface PersonalData {

    KeyScope value();
}
