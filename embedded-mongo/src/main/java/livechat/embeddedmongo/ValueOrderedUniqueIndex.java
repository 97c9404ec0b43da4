package livechat.embeddedmongo;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * A unique index of the embedded MongoDB (every {@code _id} lookup goes through one) in an H2 map that orders its
 * keys by value. mongo-java-server's own index maps leave the order to H2's fallback for classes it does not know,
 * which Java-serializes both keys on every comparison, and every lookup makes several. Otherwise the same as
 * mongo-java-server's {@code H2UniqueIndex}.
 */
final class ValueOrderedUniqueIndex extends AbstractUniqueIndex<Object> {

    private final MVMap<KeyValue, Object> map;

    ValueOrderedUniqueIndex(MVStore store, String mapName, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        map = store.openMap(mapName, new MVMap.Builder<KeyValue, Object>().keyType(KeysByValue.INSTANCE));
    }

    @Override
    protected Object removeDocument(KeyValue key) {
        return map.remove(key);
    }

    @Override
    protected boolean putKeyPosition(KeyValue key, Object position) {
        return map.putIfAbsent(key, Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
        return map.entrySet();
    }

    @Override
    protected Object getPosition(KeyValue key) {
        return map.get(key);
    }

    @Override
    public long getCount() {
        return map.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    /**
     * Index keys in MongoDB's order of values, field by field; anything else as H2 orders it. A key is written as
     * its values, each in H2's own format for common types (strings, numbers, dates), instead of Java-serializing
     * the whole key: a commit rewrites every index page it touched, so the keys' format is paid for on every
     * commit.
     */
    static final class KeysByValue extends ObjectDataType {

        static final KeysByValue INSTANCE = new KeysByValue();

        private static final byte OTHER = 0;
        private static final byte KEY = 1;

        @Override
        public int getMemory(Object value) {
            return value instanceof KeyValue ? HeapSize.of(value) : super.getMemory(value);
        }

        @Override
        public void write(WriteBuffer buffer, Object value) {
            if (value instanceof KeyValue key) {
                buffer.put(KEY).putVarInt(key.size());
                key.forEach(field -> super.write(buffer, field));
            } else {
                buffer.put(OTHER);
                super.write(buffer, value);
            }
        }

        @Override
        public Object read(ByteBuffer buffer) {
            if (buffer.get() == OTHER) {
                return super.read(buffer);
            }
            Object[] fields = new Object[DataUtils.readVarInt(buffer)];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = super.read(buffer);
            }
            return new KeyValue(fields);
        }

        @Override
        public int compare(Object a, Object b) {
            if (a instanceof KeyValue left && b instanceof KeyValue right) {
                int fields = Math.min(left.size(), right.size());
                for (int i = 0; i < fields; i++) {
                    int order = ValueComparator.ascWithoutListHandling().compare(left.get(i), right.get(i));
                    if (order != 0) {
                        return order;
                    }
                }
                return Integer.compare(left.size(), right.size());
            }
            return super.compare(a, b);
        }
    }
}
