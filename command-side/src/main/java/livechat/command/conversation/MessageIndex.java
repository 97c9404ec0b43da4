package livechat.command.conversation;

import com.carrotsearch.hppc.BitMixer;
import com.carrotsearch.hppc.IntArrayList;
import com.carrotsearch.hppc.LongArrayList;
import com.carrotsearch.hppc.LongIntHashMap;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.nio.ByteBuffer;

/**
 * Where each message of a conversation sits in its event stream, found by a 64-bit hash of its clientMessageId or
 * of its messageId. It keeps three numbers per message instead of ids, authors and texts, so a long conversation's
 * state and snapshot stay small; the event at a sequence holds the rest. A hash names candidates, not a message:
 * two ids may share one, so every message with that hash is answered and the caller compares the real ids.
 */
final class MessageIndex {

    private static final int NONE = -1;
    private static final byte FORMAT = 1;
    private static final int MAX_ENTRY_BYTES = 10 + 2 * Long.BYTES;

    private final LongArrayList sequences = new LongArrayList();
    private final LongArrayList clientIdHashes = new LongArrayList();
    private final LongArrayList messageIdHashes = new LongArrayList();
    /**
     * Built at the first lookup, not on load: a snapshot is taken without any, and a message is sent with only the
     * first, so neither pays for tables it does not use.
     */
    private Chains byClientId;
    private Chains byMessageId;

    MessageIndex() {
    }

    /**
     * FNV-1a over the id's characters, then a 64-bit finalizer so that similar ids spread over the whole range.
     * Collisions cost an extra event read, never a wrong answer.
     */
    static long hash(String id) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            hash = (hash ^ id.charAt(i)) * 0x100000001b3L;
        }
        return BitMixer.mix64(hash);
    }

    void add(long sequence, long clientIdHash, long messageIdHash) {
        int position = sequences.size();
        sequences.add(sequence);
        clientIdHashes.add(clientIdHash);
        messageIdHashes.add(messageIdHash);
        if (byClientId != null) {
            byClientId.add(clientIdHash, position);
        }
        if (byMessageId != null) {
            byMessageId.add(messageIdHash, position);
        }
    }

    /** The sequences of the messages whose clientMessageId hashes to {@code hash}, newest first. */
    long[] withClientIdHash(long hash) {
        if (byClientId == null) {
            byClientId = new Chains(clientIdHashes);
        }
        return byClientId.sequencesOf(hash, sequences);
    }

    /** The sequences of the messages whose messageId hashes to {@code hash}, newest first. */
    long[] withMessageIdHash(long hash) {
        if (byMessageId == null) {
            byMessageId = new Chains(messageIdHashes);
        }
        return byMessageId.sequencesOf(hash, sequences);
    }

    int size() {
        return sequences.size();
    }

    /**
     * One byte array (base64 in a JSON snapshot): a format byte, the count, then per message the distance to the
     * previous message's sequence (a varint, mostly one byte) and both hashes. The lookup tables are rebuilt on
     * load rather than stored.
     */
    @JsonValue
    byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(1 + 5 + sequences.size() * MAX_ENTRY_BYTES);
        out.put(FORMAT);
        writeVarLong(out, sequences.size());
        long previous = 0;
        for (int i = 0; i < sequences.size(); i++) {
            writeVarLong(out, sequences.get(i) - previous);
            previous = sequences.get(i);
            out.putLong(clientIdHashes.get(i));
            out.putLong(messageIdHashes.get(i));
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static MessageIndex fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.get() != FORMAT) {
            throw new IllegalArgumentException("Unknown message index format " + bytes[0]);
        }
        int count = Math.toIntExact(readVarLong(in));
        MessageIndex index = new MessageIndex();
        index.sequences.ensureCapacity(count);
        index.clientIdHashes.ensureCapacity(count);
        index.messageIdHashes.ensureCapacity(count);
        long sequence = 0;
        for (int i = 0; i < count; i++) {
            sequence += readVarLong(in);
            index.add(sequence, in.getLong(), in.getLong());
        }
        return index;
    }

    /** The messages indexed, not the lookup tables built from them. */
    @Override
    public boolean equals(Object other) {
        return other instanceof MessageIndex index && sequences.equals(index.sequences)
                && clientIdHashes.equals(index.clientIdHashes) && messageIdHashes.equals(index.messageIdHashes);
    }

    @Override
    public int hashCode() {
        return sequences.hashCode();
    }

    private static void writeVarLong(ByteBuffer out, long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.put((byte) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.put((byte) rest);
    }

    private static long readVarLong(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte next = in.get();
            value |= (long) (next & 0x7F) << shift;
            if (next >= 0) {
                return value;
            }
        }
    }

    /**
     * For each hash the newest position holding it, and for each position the previous one with the same hash, so
     * ids that collide are all kept without a list per hash.
     */
    private static final class Chains {
        private final LongIntHashMap newest;
        private final IntArrayList previous;

        Chains(LongArrayList hashes) {
            newest = new LongIntHashMap(hashes.size());
            previous = new IntArrayList(hashes.size());
            for (int position = 0; position < hashes.size(); position++) {
                add(hashes.get(position), position);
            }
        }

        void add(long hash, int position) {
            previous.add(newest.getOrDefault(hash, NONE));
            newest.put(hash, position);
        }

        long[] sequencesOf(long hash, LongArrayList sequences) {
            LongArrayList found = new LongArrayList(1);
            for (int at = newest.getOrDefault(hash, NONE); at != NONE; at = previous.get(at)) {
                found.add(sequences.get(at));
            }
            return found.toArray();
        }
    }
}
