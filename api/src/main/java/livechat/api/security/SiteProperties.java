package livechat.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The websites that embed the chat widget ({@code <script src=".../widget.js" data-site="siteId">}), under
 * {@code livechat.sites.<siteId>}: {@code origins} are the pages of the site that may call the API from a browser
 * ({@code LIVECHAT_SITES_<SITEID>_ORIGINS}, comma-separated origins or patterns), and {@code secret} is what the
 * site's own backend signs a signed-in customer's id with ({@code LIVECHAT_SITES_<SITEID>_SECRET}); from the
 * environment the site id is then in lower case.
 */
@ConfigurationProperties("livechat")
public record SiteProperties(Map<String, Site> sites) {

    public SiteProperties {
        sites = sites == null ? Map.of() : Map.copyOf(sites);
    }

    /** Every site's origins, for the browser calls the server accepts besides {@code livechat.allowed-origins}. */
    public List<String> origins() {
        return sites.values().stream().flatMap(site -> site.origins().stream()).distinct().toList();
    }

    public record Site(String secret, List<String> origins) {

        public Site {
            origins = origins == null ? List.of()
                    : origins.stream().flatMap(origin -> Stream.of(origin.split(","))).map(String::strip)
                    .filter(origin -> !origin.isEmpty()).toList();
        }
    }
}
