package livechat.api;

import livechat.embeddedmongo.EmbeddedMongo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Nodes register in the shared read-model database; the embedded H2 log is never shared between two of them. */
class NodeRegistryTest {

    @TempDir
    Path data;

    @Test
    void aSecondNodeBesideOneOnTheEmbeddedLogIsRefusedAndARestartIsNot() {
        try (EmbeddedMongo mongo = new EmbeddedMongo(data.resolve("readmodels.mv"), "127.0.0.1", 0)) {
            String shared = "--livechat.mongodb.uri=" + mongo.connectionString();
            LivechatServer first = LivechatServer.startOn(data.resolve("a"), "shared", shared, "--livechat.node.id=a");
            try {
                assertThatThrownBy(() -> LivechatServer.startOn(data.resolve("b"), "shared", shared,
                        "--livechat.node.id=b"))
                        .rootCause().hasMessage("Node b cannot join node a: one of them writes the embedded H2 event"
                                + " log, which belongs to one process.");
            } finally {
                first.close();
            }
            // A node that stopped has left: the same folder starts again at once, under another id too.
            LivechatServer again = LivechatServer.startOn(data.resolve("a"), "shared", shared, "--livechat.node.id=c");
            assertThat(again.port()).isPositive();
            again.close();
        }
    }
}
