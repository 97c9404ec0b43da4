package livechat.embeddedmongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import java.nio.ByteBuffer;

/**
 * The embedded MongoDB's documents as H2 stores them: in BSON, as they came over the wire, instead of H2's fallback
 * for classes it does not know, Java serialization. A commit writes every page it changed, each page holding dozens
 * of documents, and a page read back decodes all of them, so the encoding is paid on every write and every cache
 * miss: BSON is the cheap one, as it is what the documents already are on the wire.
 */
final class BsonDocuments extends BasicDataType<Document> {

    static final BsonDocuments INSTANCE = new BsonDocuments();

    private BsonDocuments() {
    }

    @Override
    public int getMemory(Document document) {
        return HeapSize.of(document);
    }

    @Override
    public void write(WriteBuffer buffer, Document document) {
        ByteBuf bson = Unpooled.buffer();
        try {
            BsonEncoder.encodeDocument(document, bson);
            buffer.putVarInt(bson.readableBytes());
            buffer.put(bson.nioBuffer());
        } finally {
            bson.release();
        }
    }

    @Override
    public Document read(ByteBuffer buffer) {
        int length = DataUtils.readVarInt(buffer);
        ByteBuffer bson = buffer.slice();
        bson.limit(length);
        buffer.position(buffer.position() + length);
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }
}
