package livechat.api.security;

import livechat.api.http.ApiRule;
import livechat.api.http.ProblemException;
import livechat.eventstore.keys.SecretFiles;
import org.springframework.web.cors.CorsConfiguration;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Visitor ids. An anonymous visitor gets a random one. A customer signed in on a site gets the same one on every
 * device: the site's backend signs the customer id (hex HMAC-SHA256 under the site's secret), and the visitor id is
 * derived from the site and customer id under a key of this server ({@code c-} and 32 hex digits), so it neither
 * reveals the customer id nor can be computed without the server's key.
 */
public final class VisitorIdentities {

    private static final Pattern SITE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final int MAX_CUSTOMER_ID = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;
    private final Map<String, SiteProperties.Site> sites;

    public VisitorIdentities(byte[] key, Map<String, SiteProperties.Site> sites) {
        this.key = key.clone();
        this.sites = sites;
    }

    /** A new random visitor id. */
    public String anonymous() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "v-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The stable visitor id of {@code customerId} on {@code siteId}, if {@code signature} is the site's signature of
     * it; else 401 {@code visitor-signature-invalid}.
     */
    public String signedIn(String siteId, String customerId, String signature) {
        if (siteId == null || customerId == null || signature == null) {
            throw new ProblemException(ApiRule.MALFORMED_REQUEST,
                    "A signed-in visitor names siteId, customerId and signature; an anonymous one sends {}.");
        }
        if (!SITE_ID.matcher(siteId).matches() || customerId.isEmpty() || customerId.length() > MAX_CUSTOMER_ID) {
            throw new ProblemException(ApiRule.MALFORMED_REQUEST, "siteId is 1 to 64 lowercase "
                    + "letters, digits or '-'; customerId is 1 to " + MAX_CUSTOMER_ID + " characters.");
        }
        SiteProperties.Site site = sites.get(siteId);
        byte[] expected = site == null || site.secret() == null || site.secret().isBlank() ? null
                : hmac(site.secret().getBytes(StandardCharsets.UTF_8), customerId);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException notHex) {
            given = new byte[0];
        }
        if (expected == null || !MessageDigest.isEqual(expected, given)) {
            throw new ProblemException(ApiRule.VISITOR_SIGNATURE_INVALID, "The signature is not "
                    + "the site's signature of this customer id (hex HMAC-SHA256 under the site's secret), or the "
                    + "site is unknown.");
        }
        return "c-" + HexFormat.of().formatHex(hmac(key, siteId + "\n" + customerId), 0, 16);
    }

    /**
     * Refuses a visitor's session for {@code siteId} asked for from a page ({@code origin}, null for a caller that is
     * not a browser) that is not one of the site's configured origins: 400 {@code site-unknown} for a site that is not
     * configured, 403 {@code site-origin} for a page of another site. A site without origins of its own relies on
     * {@code livechat.allowed-origins}, which the browser's request already passed.
     */
    public void checkSite(String siteId, String origin) {
        SiteProperties.Site site = siteId == null || !SITE_ID.matcher(siteId).matches() ? null : sites.get(siteId);
        if (site == null) {
            throw new ProblemException(ApiRule.SITE_UNKNOWN, "There is no site '" + siteId
                    + "'; the server's operator configures each site that embeds the widget (livechat.sites).");
        }
        if (origin == null || site.origins().isEmpty()) {
            return;
        }
        CorsConfiguration pages = new CorsConfiguration();
        pages.setAllowedOriginPatterns(site.origins());
        if (pages.checkOrigin(origin) == null) {
            throw new ProblemException(ApiRule.SITE_ORIGIN, "Pages from " + origin
                    + " are not pages of the site '" + siteId + "'.");
        }
    }

    /** The configured key (base64), else the one in {@code keys/visitor-id.key}, made at first use (0600). */
    public static byte[] key(Path keysFolder, String configured) {
        return SecretFiles.readOrCreate(keysFolder, "visitor-id.key", configured, 32);
    }

    /** Hex HMAC-SHA256 of {@code message} under {@code secret}: what a site sends as a customer id's signature. */
    public static String signature(String secret, String customerId) {
        return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), customerId));
    }

    private static byte[] hmac(byte[] secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
