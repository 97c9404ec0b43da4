package livechat.api;

/**
 * The connection test with the event log on KurrentDB (the in-process protocol double): the JDBC pool then serves
 * only the transactions Axon opens around each unit of work, and those too stay with their thread.
 */
@ServerTest(settings = "--spring.main.sources=livechat.api.ConnectionOwners", kurrentDb = true)
class KurrentConnectionSharingTest extends ConnectionSharingTest {
}
