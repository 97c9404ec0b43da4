package livechat.eventstore.keys;

import livechat.events.privacy.DataKeys;
import livechat.events.privacy.MasterKey;

import java.nio.file.Path;

/**
 * The data keys of a data folder, as the server and the tool both find them: the key store in
 * {@code privacy/data-keys}, under the master key configured ({@code livechat.privacy.master-key}), or kept by an
 * external key service ({@link KmsMasterKey}), or else kept in {@code keys/privacy-master.key}, made on first use.
 */
public final class DataFolderKeys implements AutoCloseable {

    public static final String MASTER_KEY_FILE = "privacy-master.key";

    private final FileKeyStore store;
    private final DataKeys keys;

    private DataFolderKeys(FileKeyStore store, DataKeys keys) {
        this.store = store;
        this.keys = keys;
    }

    /** Throws {@link IllegalStateException} if the store's keys were made under another master key. */
    public static DataFolderKeys open(Path dataDir, String configuredMasterKey) {
        return open(dataDir, configuredMasterKey, new KmsMasterKey.Settings(null, null, null));
    }

    /**
     * With the master key kept by the key service {@code kms} when one is configured ({@link KmsMasterKey}), else as
     * {@link #open(Path, String)}; throws {@link IllegalStateException} if the store's keys were made under another
     * master key, or if both a master key and a key service are configured.
     */
    public static DataFolderKeys open(Path dataDir, String configuredMasterKey, KmsMasterKey.Settings kms) {
        if (kms.configured() && configuredMasterKey != null && !configuredMasterKey.isBlank()) {
            throw new IllegalStateException("livechat.privacy.master-key and livechat.privacy.kms.key-id are both "
                    + "set: the master key is either given or kept by the key service");
        }
        MasterKey master = kms.configured() ? KmsMasterKey.open(dataDir.resolve("keys"), kms)
                : new MasterKey(SecretFiles.readOrCreate(dataDir.resolve("keys"), MASTER_KEY_FILE,
                configuredMasterKey, 32));
        FileKeyStore store = FileKeyStore.open(dataDir.resolve("privacy").resolve("data-keys"));
        try {
            return new DataFolderKeys(store, new DataKeys(store, master));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public DataKeys keys() {
        return keys;
    }

    @Override
    public void close() {
        store.close();
    }
}
