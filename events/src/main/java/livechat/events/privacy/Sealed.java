package livechat.events.privacy;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A sealed value as it stands in a JSON document in place of the text it seals: {@code lc1:<keyId>:<box>}, where
 * {@code box} is base64url (no padding) of AES-256-GCM's nonce, ciphertext and tag. A value sealed under a key that
 * was already destroyed has an empty box: it holds nothing to decrypt. Anything else is plain text, as every value
 * written before sealing is.
 */
public record Sealed(String keyId, byte[] box) {

    /** What a reader sees in place of content whose key was destroyed. */
    public static final String ERASED = "[erased]";
    /** What a reader sees in place of a sealed value that does not decrypt: changed, or moved to another field. */
    public static final String UNREADABLE = "[unreadable]";

    private static final String PREFIX = "lc1:";
    private static final Pattern FORM = Pattern.compile("lc1:([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]*)");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** The sealed value in {@code value}, or empty when it is plain text. */
    public static Optional<Sealed> parse(String value) {
        if (value == null || !value.startsWith(PREFIX)) {
            return Optional.empty();
        }
        var matcher = FORM.matcher(value);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Sealed(matcher.group(1), DECODER.decode(matcher.group(2))));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    public static boolean isSealed(String value) {
        return parse(value).isPresent();
    }

    /** Sealed under a key that no longer exists: nothing of the content is kept. */
    public boolean empty() {
        return box.length == 0;
    }

    @Override
    public String toString() {
        return PREFIX + keyId + ":" + ENCODER.encodeToString(box);
    }
}
