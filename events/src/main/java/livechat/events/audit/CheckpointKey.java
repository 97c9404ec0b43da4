package livechat.events.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Ed25519 key that signs checkpoints, kept outside both stores: as PEM text holding a {@code PRIVATE KEY}
 * (PKCS#8) and a {@code PUBLIC KEY} (X.509) block, in a file only its owner can read, or given in configuration.
 */
public record CheckpointKey(PrivateKey privateKey, PublicKey publicKey) {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN (PRIVATE|PUBLIC) KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1 KEY-----");

    /** The key in {@code file}; a missing file is created with a new key, readable by the owner only. */
    public static CheckpointKey inFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            CheckpointKey generated = generate();
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.write(file, generated.pem().getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (FileAlreadyExistsException anotherProcessWroteIt) {
                // Read the one that won.
            } catch (UnsupportedOperationException notPosix) {
                // The folder's own protection is all there is.
            }
        }
        return parse(Files.readString(file, StandardCharsets.US_ASCII));
    }

    public static CheckpointKey parse(String pem) {
        PrivateKey privateKey = null;
        PublicKey publicKey = null;
        Matcher block = BLOCK.matcher(pem);
        try {
            KeyFactory ed25519 = KeyFactory.getInstance("Ed25519");
            while (block.find()) {
                String base64 = block.group(2).replaceAll("\\s", "");
                if (block.group(1).equals("PRIVATE")) {
                    privateKey = ed25519.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
                } else {
                    publicKey = Checkpoint.publicKey(base64);
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the checkpoint signing key is not an Ed25519 key pair in PEM: "
                    + e.getMessage(), e);
        }
        if (privateKey == null || publicKey == null) {
            throw new IllegalArgumentException("the checkpoint signing key needs both a PRIVATE KEY and a PUBLIC KEY "
                    + "PEM block (Ed25519)");
        }
        return new CheckpointKey(privateKey, publicKey);
    }

    public static CheckpointKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new CheckpointKey(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime has Ed25519", e);
        }
    }

    /** The public key as checkpoints name it (Base64 X.509), for anyone verifying them. */
    public String publicKeyText() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    public String pem() {
        Base64.Encoder lines = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        return "-----BEGIN PRIVATE KEY-----\n" + lines.encodeToString(privateKey.getEncoded())
                + "\n-----END PRIVATE KEY-----\n-----BEGIN PUBLIC KEY-----\n"
                + lines.encodeToString(publicKey.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }
}
