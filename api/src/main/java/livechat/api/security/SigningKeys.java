package livechat.api.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * The embedded issuer's signing keys: a JWK set with private keys in {@code <data-dir>/keys/jwks.json}, readable by
 * the server's user only (the file 0600, its folder 0700). The first start generates a key (EC P-256 for ES256, the
 * default, or RSA 2048 for RS256); once the newest key is older than the rotation period a new one takes over, and
 * each earlier key is kept, for verifying only, until every token it signed has expired. Nodes that share the folder
 * see each other's rotations: the file is read again whenever it changed.
 */
public final class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_FOLDER = PosixFilePermissions.fromString("rwx------");
    /** Tokens are accepted this much past their expiry (clock skew), so their key is kept that much longer too. */
    private static final Duration SKEW = Duration.ofMinutes(1);

    private final Path folder;
    private final Path file;
    private final JWSAlgorithm algorithm;
    private final Duration rotation;
    private final Duration tokenLifetime;
    private final Clock clock;
    /** Newest first. */
    private volatile List<JWK> keys = List.of();
    private FileTime loadedVersion;

    /** {@code tokenLifetime} is the longest a token signed by a key can live, so how long a retired key verifies. */
    public SigningKeys(Path folder, String algorithm, Duration rotation, Duration tokenLifetime, Clock clock) {
        this.folder = folder;
        this.file = folder.resolve("jwks.json");
        this.algorithm = JWSAlgorithm.parse(algorithm);
        this.rotation = rotation;
        this.tokenLifetime = tokenLifetime.plus(SKEW);
        this.clock = clock;
        rotateIfDue();
    }

    /** The key new tokens are signed with, after a rotation if one is due. */
    public JWK signingKey() {
        rotateIfDue();
        return keys.get(0);
    }

    /** Every key that still verifies, without its private parts: what {@code /.well-known/jwks.json} serves. */
    public JWKSet publicKeys() {
        rotateIfDue();
        return new JWKSet(keys).toPublicJWKSet();
    }

    /** Reads the file again if it changed, adds a key when the newest is due for rotation, retires expired ones. */
    public synchronized void rotateIfDue() {
        try {
            prepareFolder();
            if (Files.exists(file) && !Files.getLastModifiedTime(file).equals(loadedVersion)) {
                load();
            }
            Instant now = clock.instant();
            List<JWK> current = new ArrayList<>(keys);
            boolean changed = false;
            if (current.isEmpty() || issued(current.get(0)).plus(rotation).compareTo(now) <= 0) {
                current.add(0, generate(now));
                changed = true;
            }
            // A key signed until its successor was issued; once every token of that time has expired it can go.
            for (int i = current.size() - 1; i >= 1; i--) {
                if (issued(current.get(i - 1)).plus(tokenLifetime).isBefore(now)) {
                    current.remove(i);
                    changed = true;
                }
            }
            if (changed) {
                save(current);
            }
            keys = List.copyOf(current);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the signing keys in " + file, e);
        }
    }

    private void load() throws IOException {
        tighten(file, OWNER_FILE);
        try {
            List<JWK> loaded = new ArrayList<>(JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8))
                    .getKeys());
            loaded.removeIf(key -> !key.isPrivate());
            loaded.sort(Comparator.comparing(SigningKeys::issued).reversed());
            keys = List.copyOf(loaded);
            loadedVersion = Files.getLastModifiedTime(file);
        } catch (ParseException e) {
            throw new IOException(file + " is not a JWK set: " + e.getMessage(), e);
        }
    }

    /** Writes the set to a 0600 temporary file and moves it over the old one, so a reader never sees half a file. */
    private void save(List<JWK> current) throws IOException {
        Path temporary = folder.resolve("jwks.json.tmp");
        Files.deleteIfExists(temporary);
        if (posix()) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_FILE));
        }
        Files.writeString(temporary, new JWKSet(current).toString(false), StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        loadedVersion = Files.getLastModifiedTime(file);
        log.info("Signing keys in {}: {} (newest {})", file, current.size(), current.get(0).getKeyID());
    }

    private void prepareFolder() throws IOException {
        if (!Files.isDirectory(folder)) {
            if (posix()) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_FOLDER));
            } else {
                Files.createDirectories(folder);
            }
        }
        tighten(folder, OWNER_FOLDER);
    }

    private JWK generate(Instant now) {
        try {
            return algorithm.equals(JWSAlgorithm.RS256)
                    ? new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(algorithm)
                    .issueTime(Date.from(now)).keyIDFromThumbprint(true).generate()
                    : new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(algorithm)
                    .issueTime(Date.from(now)).keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " key", e);
        }
    }

    private static Instant issued(JWK key) {
        return key.getIssueTime() == null ? Instant.EPOCH : key.getIssueTime().toInstant();
    }

    /** Takes away the rights of group and others, should anyone have widened them. */
    static void tighten(Path path, Set<PosixFilePermission> wanted) throws IOException {
        if (posix() && Files.exists(path) && !Files.getPosixFilePermissions(path).equals(wanted)) {
            Files.setPosixFilePermissions(path, wanted);
        }
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    static Set<PosixFilePermission> ownerOnlyFile() {
        return OWNER_FILE;
    }
}
