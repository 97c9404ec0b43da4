package livechat.api.security;

import org.springframework.security.core.AuthenticationException;

/** The token is sound but its staff account has been disabled: answered 401 {@code account-disabled}. */
public final class AccountDisabledException extends AuthenticationException {

    public AccountDisabledException(String username) {
        super("The account " + username + " is disabled.");
    }
}
