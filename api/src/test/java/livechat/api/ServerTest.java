package livechat.api;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the test class against the whole server on a random port, with a fresh data folder that is deleted
 * afterwards: one server for the class, or one for each test with {@link #perTest()}. Lifecycle and test methods
 * take what they need as parameters: the {@link LivechatServer}, a {@link ChatClient} on it, the {@link TestTokens}
 * that sign its parties in (the server starts with the bootstrap admin {@link TestTokens#ADMIN}, who creates each
 * staff account the first time its name is used), and with {@link #kurrentDb()} the {@code KurrentDbDouble}
 * holding its event log.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(LivechatServerExtension.class)
public @interface ServerTest {

    /** More {@code --name=value} arguments, as a user would pass them. */
    String[] settings() default {};

    /** A server of its own for every test, started before its {@code @BeforeEach} methods run. */
    boolean perTest() default false;

    /** The event log on KurrentDB (the in-process protocol double, started first) instead of the H2 file. */
    boolean kurrentDb() default false;
}
