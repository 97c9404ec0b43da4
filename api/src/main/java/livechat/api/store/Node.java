package livechat.api.store;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * This server among the nodes that share an event store and a read-model store: its {@code id} owns the claims it
 * holds there (processor segments, the dispatcher's lease), and a claim not renewed within {@code claimTimeout} is
 * free for another node to take. Ids must differ between nodes; the default, host name and process id, does.
 */
@ConfigurationProperties("livechat.node")
public record Node(String id, @DefaultValue("10s") Duration claimTimeout) {

    public Node {
        if (id == null || id.isBlank()) {
            id = hostName() + ":" + ProcessHandle.current().pid();
        }
        if (claimTimeout == null || claimTimeout.isNegative() || claimTimeout.isZero()) {
            throw new IllegalArgumentException("livechat.node.claim-timeout must be positive");
        }
    }

    /** The host this node runs on. */
    public String host() {
        return hostName();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}
