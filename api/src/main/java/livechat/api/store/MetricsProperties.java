package livechat.api.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.ZoneId;

/**
 * How agent metrics are cut into days: {@code zone} ({@code LIVECHAT_METRICS_ZONE}, default UTC). Days are fixed
 * when facts are projected, so changing the zone takes a rebuild of the metrics read model.
 */
@ConfigurationProperties("livechat.metrics")
public record MetricsProperties(ZoneId zone) {

    public MetricsProperties {
        zone = zone == null ? ZoneId.of("UTC") : zone;
    }
}
