package livechat.api.http;

import livechat.command.access.AccessRule;
import livechat.command.agent.AgentRule;
import livechat.command.canned.CannedResponseRule;
import livechat.command.conversation.ConversationRule;
import livechat.command.staff.StaffRule;
import livechat.command.subject.SubjectRule;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The rules an endpoint refuses with, beside its handler: the edge's own ({@link #value()}) and the domain's, by
 * their enums. What every endpoint of a kind refuses is not listed here: {@link ApiDocumentation} adds it from what
 * the endpoint is (secured or a sign-in call, with a body or without, rate-limited) and from {@link #writes()} and
 * {@link #reads()}. The OpenAPI document's problem responses are made from this, and {@code OpenApiContractTest}
 * checks them against the refusals the running server gives.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@interface Refuses {

    ApiRule[] value() default {};

    ConversationRule[] conversation() default {};

    AgentRule[] agent() default {};

    StaffRule[] staff() default {};

    CannedResponseRule[] canned() default {};

    AccessRule[] access() default {};

    SubjectRule[] subject() default {};

    /**
     * Sends commands: the event store's state refuses it ({@code event-store-unavailable}, {@code server-busy}),
     * and so does another change written at the same moment ({@code concurrent-change}).
     */
    boolean writes() default false;

    /** Reads the read models (or stores tokens beside them): {@code read-model-unavailable}. */
    boolean reads() default true;
}
