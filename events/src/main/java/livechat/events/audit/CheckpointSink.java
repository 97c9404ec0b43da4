package livechat.events.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import livechat.events.serialization.EventSerialization;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A folder of checkpoint files, written once and never changed (suited to WORM storage):
 * {@code checkpoint-000000000001.json}, {@code ...2.json} and so on, each an {@link Entry}: the signed checkpoint,
 * the event-log position it covers and only the anchors that changed since the one before. The anchors of checkpoint
 * n are those of all entries up to n, the latest of each stream; their tree's root is what n signed. An optional
 * RFC 3161 time-stamp token of an entry sits beside it as {@code checkpoint-...n.tsr}.
 */
public final class CheckpointSink {

    /** A stream's head as a checkpoint anchored it; {@code type} is the aggregate's type. */
    public record Anchor(String id, String type, long sequence, String head) {
        public MerkleTree.Leaf leaf() {
            return new MerkleTree.Leaf(id, sequence, head);
        }
    }

    /** One checkpoint file. {@code position} is the event-log position covered, opaque to the sink. */
    public record Entry(Checkpoint checkpoint, String positionType, String position, List<Anchor> changes) {
    }

    /** The sink as of its latest checkpoint; {@code latest} is null for an empty sink. */
    public record State(Entry latest, Map<String, Anchor> anchors) {

        public static final State EMPTY = new State(null, Map.of());

        public MerkleTree tree() {
            return new MerkleTree(anchors.values().stream().map(Anchor::leaf).toList());
        }

        /** The stream's inclusion proof in the latest checkpoint, if it anchors the stream. */
        public Optional<MerkleTree.InclusionProof> proof(MerkleTree tree, String id) {
            if (!anchors.containsKey(id)) {
                return Optional.empty();
            }
            return Optional.of(tree.proof(new ArrayList<>(anchors.keySet()).indexOf(id)));
        }
    }

    /** The folder does not hold an unbroken, correctly signed series of checkpoints. */
    public static final class Damaged extends IOException {
        public Damaged(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = EventSerialization.objectMapper();
    private final Path folder;

    public CheckpointSink(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    public Path file(long sequence) {
        return folder.resolve(String.format("checkpoint-%012d.json", sequence));
    }

    public Path timestampFile(long sequence) {
        return folder.resolve(String.format("checkpoint-%012d.tsr", sequence));
    }

    /**
     * Reads every entry in order and checks that they form one series: numbered 1, 2, ... without a gap, each naming
     * the digest of the one before, each signed by {@code key} (or, when null, by the key it names), and the latest
     * root matching the anchors of all entries.
     */
    public State load(PublicKey key) throws IOException {
        List<Path> files = files();
        if (files.isEmpty()) {
            return State.EMPTY;
        }
        TreeMap<String, Anchor> anchors = new TreeMap<>();
        Entry entry = null;
        String previous = HashChain.GENESIS;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            try {
                entry = JSON.readValue(file.toFile(), Entry.class);
            } catch (IOException e) {
                throw new Damaged(file.getFileName() + " is not a checkpoint: " + e.getMessage());
            }
            Checkpoint checkpoint = entry.checkpoint();
            if (checkpoint.sequence() != i + 1 || !file.equals(file(checkpoint.sequence()))) {
                throw new Damaged(file.getFileName() + " is not checkpoint " + (i + 1)
                        + ": a checkpoint file is missing or out of place");
            }
            if (!previous.equals(checkpoint.previous())) {
                throw new Damaged("checkpoint " + checkpoint.sequence() + " does not follow checkpoint "
                        + (i == 0 ? "genesis" : i) + ": an earlier checkpoint was changed or replaced");
            }
            if (!checkpoint.signedBy(key != null ? key : Checkpoint.publicKey(checkpoint.publicKey()))) {
                throw new Damaged("checkpoint " + checkpoint.sequence() + " is not signed by "
                        + (key != null ? "the given key" : "the key it names"));
            }
            for (Anchor anchor : entry.changes()) {
                anchors.put(anchor.id(), anchor);
            }
            previous = checkpoint.digest();
        }
        State state = new State(entry, Collections.unmodifiableMap(anchors));
        if (!state.tree().root().equals(entry.checkpoint().root()) || anchors.size() != entry.checkpoint().leaves()) {
            throw new Damaged("the anchors recorded up to checkpoint " + entry.checkpoint().sequence()
                    + " do not give its signed root: a checkpoint file's anchors were changed");
        }
        return state;
    }

    /** Writes the next entry; fails if a file of that number exists (another writer got there first). */
    public void append(Entry entry) throws IOException {
        Files.createDirectories(folder);
        Path file = file(entry.checkpoint().sequence());
        byte[] json = JSON.writeValueAsBytes(entry);
        writeOnce(file, json);
    }

    /** Keeps a time-stamp authority's reply for an entry. */
    public void appendTimestamp(long sequence, byte[] token) throws IOException {
        writeOnce(timestampFile(sequence), token);
    }

    /** The entry of checkpoint {@code sequence}, if the sink holds it. */
    public Optional<Entry> read(long sequence) throws IOException {
        Path file = file(sequence);
        return Files.exists(file) ? Optional.of(JSON.readValue(file.toFile(), Entry.class)) : Optional.empty();
    }

    /** Every anchor the sink recorded for one stream, oldest first, with the checkpoint that recorded it. */
    public List<Map.Entry<Long, Anchor>> history(String id) throws IOException {
        List<Map.Entry<Long, Anchor>> history = new ArrayList<>();
        for (Path file : files()) {
            Entry entry = JSON.readValue(file.toFile(), Entry.class);
            entry.changes().stream().filter(anchor -> anchor.id().equals(id))
                    .forEach(anchor -> history.add(Map.entry(entry.checkpoint().sequence(), anchor)));
        }
        return history;
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.filter(file -> file.getFileName().toString().matches("checkpoint-\\d{12}\\.json"))
                    .sorted().toList();
        }
    }

    private static void writeOnce(Path file, byte[] content) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            out.write(content);
        }
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("r--------"));
        } catch (UnsupportedOperationException notPosix) {
            // The folder's own protection is all there is.
        }
        try {
            // A link, unlike a rename, fails if the name exists: two writers never replace each other's file.
            Files.createLink(file, partial);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
