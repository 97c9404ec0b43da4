package livechat.eventstore.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.function.Supplier;

/** Random secrets kept as base64 in files of the data folder's {@code keys/}, readable by their owner only. */
public final class SecretFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretFiles() {
    }

    /**
     * {@code configured} (base64) when given, else the secret in {@code folder/name}, made at first use: {@code bytes}
     * random bytes, written whole (through a temporary file) with owner-only rights.
     */
    public static byte[] readOrCreate(Path folder, String name, String configured, int bytes) {
        if (configured != null && !configured.isBlank()) {
            return Base64.getDecoder().decode(configured.strip());
        }
        return readOrCreate(folder, name, () -> {
            byte[] fresh = new byte[bytes];
            RANDOM.nextBytes(fresh);
            return fresh;
        });
    }

    /**
     * The bytes kept (as base64) in {@code folder/name}, made by {@code made} at first use and written whole (through
     * a temporary file) with owner-only rights.
     */
    public static byte[] readOrCreate(Path folder, String name, Supplier<byte[]> made) {
        Path file = folder.resolve(name);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(folder);
                byte[] fresh = made.get();
                Path temporary = folder.resolve(name + ".tmp");
                Files.deleteIfExists(temporary);
                createOwnerOnly(temporary);
                Files.writeString(temporary, Base64.getEncoder().encodeToString(fresh));
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            }
            if (posix() && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            return Base64.getDecoder().decode(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the secret " + file, e);
        }
    }

    /** An empty file only its owner may read and write (any file where rights are not POSIX). */
    static void createOwnerOnly(Path file) throws IOException {
        if (posix()) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(file);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
