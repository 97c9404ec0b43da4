package livechat.eventstore.keys;

import com.carrotsearch.hppc.LongIntHashMap;
import livechat.events.privacy.KeyStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * The embedded key store: one file of its own in the data folder, apart from the event log, of fixed 128-byte
 * slots written in place. Destroying a key overwrites its slot's wrapped bytes with zeros and flushes the file, so no
 * older version of the key stays in it (a database file would keep old pages for a while); the slot stays as the
 * key's tombstone.
 * <p>
 * A slot: its kind (key, destroyed key, binding), the 16-byte id, the 16-byte parent id (a binding's subject key;
 * zeros for the master key), the wrapped key's length and bytes, and a CRC-32 of what comes before, so a slot torn
 * by a crash is recognised and ignored (it was never acknowledged). Every change is flushed before it returns, so a
 * key is durable before the event sealed under it is appended; callers waiting at once share one flush, and a batch
 * of keys made at once is flushed once.
 * <p>
 * The file is read when opened, and what other processes appended since is read when an id is not found (the tool
 * and the server share the folder, and so do several nodes); appends and destructions hold a lock on the file, so two
 * processes never write the same slot or make two keys of one id. The 16-byte header is the magic and a count of the
 * keys destroyed so far, which every process reads to know when the keys it holds unwrapped may be stale. Memory
 * holds an id's first 8 bytes and its slot (about 16 bytes a key), and the slot itself is read from the file when
 * asked for.
 */
public final class FileKeyStore implements KeyStore {

    private static final byte[] MAGIC = "LCKEYS01".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 16;
    /** Where the header counts the keys destroyed, by every process, so each knows when its cache is stale. */
    private static final int DESTRUCTIONS = 8;
    private static final int SLOT = 128;
    private static final int ID = 16;
    private static final int MAX_WRAPPED = 88;
    private static final byte KEY = 1;
    private static final byte DESTROYED = 2;
    private static final byte BINDING = 3;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final Path file;
    private final FileChannel channel;
    /**
     * Guards {@link #slots} and {@link #sharedPrefix} only. Changes to the file are made under this object's monitor,
     * which a writer holds while it waits for another process's file lock; a key already known is found under this
     * lock alone, so it is never held up by those waits (nodes sharing the file would otherwise stall each other's
     * sends and projections).
     */
    private final ReadWriteLock index = new ReentrantReadWriteLock();
    /** an id's first 8 bytes -> its slot */
    private final LongIntHashMap slots = new LongIntHashMap();
    /** the rare ids whose first 8 bytes another id already has -> their slot */
    private final Map<String, Integer> sharedPrefix = new HashMap<>();
    /** Slots in the file as this process last looked (under this object's monitor). */
    private int count;
    private boolean locked;
    /** Slot writes made, and how many of them a flush has made durable (under {@link #flushing}). */
    private long written;
    private final Object flushing = new Object();
    private long flushed;
    /** How many flushes were made: what a key costs beyond its slot. */
    private long flushes;

    private FileKeyStore(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** The store in {@code file}, made (readable by its owner only) if it does not exist. */
    public static FileKeyStore open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                SecretFiles.createOwnerOnly(file);
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileKeyStore store = new FileKeyStore(file, channel);
            store.load();
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the key store " + file, e);
        }
    }

    @Override
    public Optional<StoredKey> find(String keyId) {
        ByteBuffer slot = slotOf(keyId);
        if (slot == null || !intact(slot)) {
            slot = refreshedSlotOf(keyId);
        }
        if (slot == null || slot.get(0) == BINDING) {
            return Optional.empty();
        }
        if (slot.get(0) == DESTROYED) {
            return Optional.of(StoredKey.destroyed());
        }
        byte[] parent = bytes(slot, 1 + ID, ID);
        byte[] wrapped = bytes(slot, 1 + 2 * ID + 1, slot.get(1 + 2 * ID));
        return Optional.of(new StoredKey(isZero(parent) ? null : ENCODER.encodeToString(parent), wrapped));
    }

    @Override
    public StoredKey putIfAbsent(String keyId, StoredKey key) {
        return durable(() -> locked(() -> keep(keyId, key)));
    }

    /** Writes every key's slot, then flushes once. */
    @Override
    public Map<String, StoredKey> putAllIfAbsent(Map<String, StoredKey> keys) {
        return durable(() -> locked(() -> {
            Map<String, StoredKey> kept = new LinkedHashMap<>();
            for (Map.Entry<String, StoredKey> key : keys.entrySet()) {
                kept.put(key.getKey(), keep(key.getKey(), key.getValue()));
            }
            return kept;
        }));
    }

    /** Appends the key's slot unless its id is there; what is kept now. Call it locked, within {@link #durable}. */
    private StoredKey keep(String keyId, StoredKey key) {
        Optional<StoredKey> present = find(keyId);
        if (present.isPresent()) {
            return present.get();
        }
        append(slot(key.isDestroyed() ? DESTROYED : KEY, keyId, key.parentId(), key.wrapped()), keyId);
        return key;
    }

    @Override
    public boolean destroy(String keyId) {
        return durable(() -> locked(() -> {
            refresh();
            Located known = locate(keyId);
            if (known == null) {
                append(slot(DESTROYED, keyId, null, null), keyId);
                return false;
            }
            if (known.slot().get(0) != KEY) {
                return false;
            }
            write(known.at(), slot(DESTROYED, keyId, null, null));
            ByteBuffer count = ByteBuffer.allocate(Long.BYTES).putLong(0, destructions() + 1);
            channel.write(count, DESTRUCTIONS);
            return true;
        }));
    }

    @Override
    public long destructions() {
        ByteBuffer count = ByteBuffer.allocate(Long.BYTES);
        try {
            channel.read(count, DESTRUCTIONS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key store " + file, e);
        }
        return count.getLong(0);
    }

    @Override
    public Optional<String> boundTo(String bindingId) {
        ByteBuffer slot = slotOf(bindingId);
        if (slot == null || !intact(slot)) {
            slot = refreshedSlotOf(bindingId);
        }
        return slot == null || slot.get(0) != BINDING ? Optional.empty()
                : Optional.of(ENCODER.encodeToString(bytes(slot, 1 + ID, ID)));
    }

    @Override
    public void bind(String bindingId, String subjectKeyId) {
        durable(() -> locked(() -> {
            if (boundTo(bindingId).isEmpty()) {
                append(slot(BINDING, bindingId, subjectKeyId, null), bindingId);
            }
            return null;
        }));
    }

    /**
     * Runs {@code change} alone, then returns once every slot written so far is flushed, its own and any another
     * thread wrote before (a key found here may still be on its way to the disk). Threads that wait for a flush
     * together share it: one flush makes all their slots durable (a group commit).
     */
    private <T> T durable(Supplier<T> change) {
        T result;
        long ticket;
        synchronized (this) {
            result = change.get();
            ticket = written;
        }
        synchronized (flushing) {
            if (flushed < ticket) {
                long upTo;
                synchronized (this) {
                    upTo = written;
                }
                try {
                    channel.force(false);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the key store " + file, e);
                }
                flushed = upTo;
                flushes++;
            }
        }
        return result;
    }

    /** How many times this store flushed its file since it was opened. */
    long flushes() {
        synchronized (flushing) {
            return flushes;
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the key store " + file, e);
        }
    }

    private void load() throws IOException {
        locked(() -> {
            if (channel.size() == 0) {
                channel.write(ByteBuffer.wrap(Arrays.copyOf(MAGIC, HEADER)), 0);
                channel.force(true);
            }
            return null;
        });
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        channel.read(header, 0);
        if (!Arrays.equals(Arrays.copyOf(header.array(), MAGIC.length), MAGIC)) {
            throw new IllegalStateException(file + " is not a livechat key store");
        }
        locked(this::refresh);
    }

    /**
     * The id's slot once what other processes appended is read too. Under the file lock: a slot another process is
     * appending (or overwriting, when it destroys a key) is read only once it is whole.
     */
    private synchronized ByteBuffer refreshedSlotOf(String id) {
        locked(this::refresh);
        return slotOf(id);
    }

    /** Reads the slots appended since this store last looked, by this process or another; call it locked. */
    private Void refresh() {
        try {
            int now = (int) ((channel.size() - HEADER) / SLOT);
            if (now <= count) {
                return null;
            }
            ByteBuffer all = ByteBuffer.allocate(SLOT * Math.min(1024, now - count));
            for (int first = count; first < now; first += 1024) {
                all.clear();
                channel.read(all, HEADER + (long) first * SLOT);
                for (int i = 0; i < Math.min(1024, now - first); i++) {
                    ByteBuffer slot = ByteBuffer.wrap(Arrays.copyOfRange(all.array(), i * SLOT, (i + 1) * SLOT));
                    if (intact(slot)) {
                        remember(ENCODER.encodeToString(bytes(slot, 1, ID)), first + i);
                    }
                }
            }
            count = Math.max(count, now);
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key store " + file, e);
        }
    }

    /** {@code work} while this process alone may write the file (the lock is held once, however deep the call). */
    private <T> T locked(IoWork<T> work) {
        try {
            if (locked) {
                return work.run();
            }
            try (FileLock lock = channel.lock(0, HEADER, false)) {
                locked = true;
                return work.run();
            } finally {
                locked = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the key store " + file, e);
        }
    }

    private interface IoWork<T> {
        T run() throws IOException;
    }

    private ByteBuffer slotOf(String id) {
        Located known = locate(id);
        return known == null ? null : known.slot();
    }

    /** Where the id's slot is, as this process knows, and the slot as read now (once: a lookup is one read). */
    private record Located(int at, ByteBuffer slot) {
    }

    private Located locate(String id) {
        byte[] raw = DECODER.decode(id);
        long prefix = ByteBuffer.wrap(raw).getLong();
        int at;
        Integer shared;
        index.readLock().lock();
        try {
            if (!slots.containsKey(prefix)) {
                return null;
            }
            at = slots.get(prefix);
            shared = sharedPrefix.get(id);
        } finally {
            index.readLock().unlock();
        }
        ByteBuffer slot = read(at);
        if (Arrays.equals(bytes(slot, 1, ID), raw)) {
            return new Located(at, slot);
        }
        return shared == null ? null : new Located(shared, read(shared));
    }

    private void remember(String id, int at) {
        long prefix = ByteBuffer.wrap(DECODER.decode(id)).getLong();
        index.writeLock().lock();
        try {
            if (slots.containsKey(prefix)
                    && !Arrays.equals(bytes(read(slots.get(prefix)), 1, ID), DECODER.decode(id))) {
                sharedPrefix.put(id, at);
            } else {
                slots.put(prefix, at);
            }
        } finally {
            index.writeLock().unlock();
        }
    }

    private void append(ByteBuffer slot, String id) {
        write(count, slot);
        remember(id, count);
        count++;
    }

    /** Writes the slot; it is durable once {@link #durable} flushed it. */
    private void write(int at, ByteBuffer slot) {
        try {
            slot.rewind();
            channel.write(slot, HEADER + (long) at * SLOT);
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the key store " + file, e);
        }
    }

    private ByteBuffer read(int at) {
        try {
            ByteBuffer slot = ByteBuffer.allocate(SLOT);
            channel.read(slot, HEADER + (long) at * SLOT);
            return slot;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key store " + file, e);
        }
    }

    private static ByteBuffer slot(byte kind, String id, String parentId, byte[] wrapped) {
        if (wrapped != null && wrapped.length > MAX_WRAPPED) {
            throw new IllegalArgumentException("a wrapped key is at most " + MAX_WRAPPED + " bytes");
        }
        ByteBuffer slot = ByteBuffer.allocate(SLOT);
        slot.put(kind).put(DECODER.decode(id));
        slot.put(parentId == null ? new byte[ID] : DECODER.decode(parentId));
        slot.put((byte) (wrapped == null ? 0 : wrapped.length));
        if (wrapped != null) {
            slot.put(wrapped);
        }
        slot.putInt(SLOT - 4, crc(slot));
        return slot;
    }

    private static boolean intact(ByteBuffer slot) {
        byte kind = slot.get(0);
        return (kind == KEY || kind == DESTROYED || kind == BINDING) && slot.getInt(SLOT - 4) == crc(slot);
    }

    private static int crc(ByteBuffer slot) {
        CRC32 crc = new CRC32();
        crc.update(slot.array(), 0, SLOT - 4);
        return (int) crc.getValue();
    }

    private static byte[] bytes(ByteBuffer slot, int from, int length) {
        return Arrays.copyOfRange(slot.array(), from, from + length);
    }

    private static boolean isZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
