package livechat.eventstore.keys;

import livechat.events.privacy.MasterKey;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.KmsException;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * The privacy master key kept by an external key service, AWS KMS or any service speaking its API, by envelope
 * encryption: the service makes the master key under its own key ({@code GenerateDataKey}) and only the wrapped
 * form is kept, in {@code keys/privacy-master.kms}; each start asks the service to unwrap it ({@code Decrypt}) and
 * keeps it in memory only. The service's key never leaves it, so a copy of the data folder opens nothing without the
 * service; revoking the service's key makes every sealed value unreadable at the next start.
 * <p>
 * Selected by {@code livechat.privacy.kms.key-id} (a key id, ARN or alias), with {@code livechat.privacy.kms.region}
 * and, for a service other than AWS's, {@code livechat.privacy.kms.endpoint}; credentials come from the AWS SDK's
 * default chain (environment, profile, instance role).
 */
public final class KmsMasterKey {

    public static final String FILE = "privacy-master.kms";
    /** Bound into the wrapped key: the service unwraps it only for this use. */
    private static final Map<String, String> CONTEXT = Map.of("livechat", "privacy-master-key");

    /** Where the key service is and which of its keys wraps the master key. */
    public record Settings(String keyId, String region, String endpoint) {

        /** Whether a key service is configured at all: a key id is given. */
        public boolean configured() {
            return keyId != null && !keyId.isBlank();
        }

        KmsClient client() {
            KmsClientBuilder builder = KmsClient.builder().httpClient(UrlConnectionHttpClient.create());
            if (region != null && !region.isBlank()) {
                builder.region(Region.of(region.strip()));
            }
            if (endpoint != null && !endpoint.isBlank()) {
                builder.endpointOverride(URI.create(endpoint.strip()));
            }
            return builder.build();
        }
    }

    private KmsMasterKey() {
    }

    /**
     * The master key wrapped in {@code keysFolder/privacy-master.kms}, made by the service at first use; throws
     * {@link IllegalStateException} naming the service's refusal (a wrong key, no access, unreachable).
     */
    public static MasterKey open(Path keysFolder, Settings settings) {
        try (KmsClient kms = settings.client()) {
            byte[] wrapped = SecretFiles.readOrCreate(keysFolder, FILE, () -> kms.generateDataKey(request -> request
                    .keyId(settings.keyId()).keySpec(DataKeySpec.AES_256).encryptionContext(CONTEXT))
                    .ciphertextBlob().asByteArray());
            return new MasterKey(kms.decrypt(request -> request.keyId(settings.keyId()).encryptionContext(CONTEXT)
                    .ciphertextBlob(SdkBytes.fromByteArray(wrapped))).plaintext().asByteArray());
        } catch (KmsException e) {
            throw new IllegalStateException("the key service (livechat.privacy.kms) does not unwrap the privacy "
                    + "master key in " + keysFolder.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }
}
