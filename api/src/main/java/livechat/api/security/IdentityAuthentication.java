package livechat.api.security;

import livechat.events.Role;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A verified request: its {@link Identity}, with one authority {@code ROLE_<wire name>} per role it holds. */
public final class IdentityAuthentication extends AbstractAuthenticationToken {

    private final Identity identity;

    public IdentityAuthentication(Identity identity) {
        super(identity.roles().stream().map(Role::wireName).sorted()
                .map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList());
        this.identity = identity;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Identity getPrincipal() {
        return identity;
    }

    @Override
    public String getName() {
        return identity.id();
    }
}
