package livechat.api.security;

import org.springframework.http.HttpMethod;

import java.util.List;

/** A call the abuse limits apply to: its method and path pattern, as the endpoint is mapped. */
public record LimitedCall(HttpMethod method, String path) {

    /** Every call a party's or an address's allowance limits, and the stream whose open connections are capped. */
    public static List<LimitedCall> all() {
        return RateLimits.CALLS;
    }
}
