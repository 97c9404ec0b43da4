package livechat.embeddedmongo;

import java.util.Map;

/**
 * What a decoded value of the embedded MongoDB takes on the heap, roughly: H2 bounds its page cache by the sizes its
 * data types report, and a guess that is too small lets the cache grow past the heap: with a fixed 512 bytes a
 * document, a 64 MB cache can hold several times that in documents, enough to run the server out of memory under
 * bulk writes.
 */
final class HeapSize {

    private static final int MAP = 80;
    private static final int MAP_ENTRY = 48;
    private static final int STRING = 48;
    private static final int LIST = 40;
    private static final int REFERENCE = 8;
    private static final int ARRAY = 16;
    private static final int BOXED = 24;

    private HeapSize() {
    }

    static int of(Object value) {
        if (value instanceof Map<?, ?> map) {
            int size = MAP;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size += MAP_ENTRY + of(entry.getKey()) + of(entry.getValue());
            }
            return size;
        }
        if (value instanceof String string) {
            // Compact strings: a byte a character for Latin-1, two otherwise; the larger is the safe guess.
            return STRING + 2 * string.length();
        }
        // Lists, and mongo-java-server's index keys.
        if (value instanceof Iterable<?> elements) {
            int size = LIST;
            for (Object element : elements) {
                size += REFERENCE + of(element);
            }
            return size;
        }
        if (value instanceof byte[] bytes) {
            return ARRAY + bytes.length;
        }
        return BOXED;
    }
}
