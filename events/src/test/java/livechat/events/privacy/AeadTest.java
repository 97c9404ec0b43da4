package livechat.events.privacy;

import org.junit.jupiter.api.Test;

import javax.crypto.AEADBadTagException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AeadTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void theSameTextSealedTwiceInARowIsTheSameBytesAndOpens() throws Exception {
        byte[] key = key();
        byte[] first = Aead.seal(key, "message|text", bytes("hello"));
        byte[] second = Aead.seal(key, "message|text", bytes("hello"));

        assertThat(second).isEqualTo(first);
        assertThat(Aead.open(key, "message|text", second)).isEqualTo(bytes("hello"));
    }

    @Test
    void aBoxRefusedOnAThreadLeavesItsNextOpeningIntact() throws Exception {
        byte[] key = key();
        byte[] box = Aead.seal(key, "message|text", bytes("hello"));
        byte[] tampered = box.clone();
        tampered[tampered.length - 1] ^= 1;

        assertThatThrownBy(() -> Aead.open(key, "message|text", tampered)).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> Aead.open(key, "message|name", box)).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> Aead.open(key(), "message|text", box)).isInstanceOf(AEADBadTagException.class);
        assertThat(Aead.open(key, "message|text", box)).isEqualTo(bytes("hello"));
    }

    @Test
    void threadsOpeningUnderKeysOfTheirOwnEachGetTheirOwnText() throws Exception {
        int threads = 4;
        int boxes = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> opened = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                opened.add(pool.submit(() -> {
                    int matching = 0;
                    for (int n = 0; n < boxes; n++) {
                        byte[] key = key();
                        String text = "thread " + thread + " message " + n;
                        byte[] box = Aead.seal(key, "message|" + n, bytes(text));
                        matching += text.equals(new String(Aead.open(key, "message|" + n, box),
                                StandardCharsets.UTF_8)) ? 1 : 0;
                    }
                    return matching;
                }));
            }
            for (Future<Integer> thread : opened) {
                assertThat(thread.get()).isEqualTo(boxes);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] key() {
        byte[] key = new byte[Aead.KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
