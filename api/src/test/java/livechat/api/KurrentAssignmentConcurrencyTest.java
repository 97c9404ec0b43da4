package livechat.api;

/** The capacity test with the event log on KurrentDB (the in-process protocol double). */
@ServerTest(settings = "--livechat.routing.automatic=false", perTest = true, kurrentDb = true)
class KurrentAssignmentConcurrencyTest extends AssignmentConcurrencyTest {
}
