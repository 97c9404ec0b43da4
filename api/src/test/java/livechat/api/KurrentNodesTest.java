package livechat.api;

import livechat.eventstore.kurrent.KurrentDbDouble;

/**
 * Three nodes with their event log on KurrentDB: the protocol double, which listens on a loopback port, is shared
 * by the node processes as a real server would be.
 */
class KurrentNodesTest extends SeveralNodesContract {

    private KurrentDbDouble kurrent;

    @Override
    String startEventStore() {
        kurrent = KurrentDbDouble.start();
        return kurrent.connectionString();
    }

    @Override
    void stopEventStore() {
        kurrent.close();
    }
}
