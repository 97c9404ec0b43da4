package livechat.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Map;

/**
 * The websites whose signed-in customers get a stable visitor id: {@code livechat.sites.<siteId>.secret} (from the
 * environment {@code LIVECHAT_SITES_<SITEID>_SECRET}, the site id then in lower case) is the secret the site's own
 * backend signs a customer id with.
 */
@ConfigurationProperties("livechat")
public record SiteProperties(Map<String, Site> sites) {

    public SiteProperties {
        sites = sites == null ? Map.of() : Map.copyOf(sites);
    }

    public record Site(String secret) {
    }
}
