package livechat.api;

import livechat.api.store.AuditConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A server does not start on a checkpoint sink whose series was tampered with, and says so in one paragraph. */
class CheckpointSinkInDoubtTest {

    @Test
    void aResignedCheckpointStopsTheStartWithTheReasonAndAWayOn(@TempDir Path parent) throws Exception {
        Path data = parent.resolve("data");
        LivechatServer first = LivechatServer.start(data);
        first.chat().startConversation("visitor:v-1", "Anchored");
        first.client().post().uri("/api/audits/checkpoints").headers(first.as("auditor:x-1")).exchange()
                .expectStatus().isCreated();
        first.close();

        Path checkpoint = data.resolve("checkpoints").resolve("checkpoint-000000000001.json");
        String json = Files.readString(checkpoint);
        Files.delete(checkpoint);
        Files.writeString(checkpoint, json.replaceFirst("\"conversations\":\\d+", "\"conversations\":99"));

        Throwable failure = catchThrowable(() -> LivechatServer.start(data));
        AuditConfiguration.SinkInDoubt inDoubt = findCause(failure);
        FailureAnalysis analysis = new AuditConfiguration.SinkInDoubtAnalyzer().analyze(failure);
        assertThat(analysis.getDescription()).contains(data.resolve("checkpoints").toAbsolutePath().toString(),
                "checkpoint 1 is not signed");
        assertThat(analysis.getAction()).contains("LIVECHAT_AUDIT_CHECKPOINT_DIR");
        assertThat(inDoubt).isNotNull();

        LivechatServer.start(data, "--livechat.audit.checkpoint-dir=" + parent.resolve("new-checkpoints")).close();
    }

    private static AuditConfiguration.SinkInDoubt findCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuditConfiguration.SinkInDoubt inDoubt) {
                return inDoubt;
            }
        }
        return null;
    }
}
