package livechat.api;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * The module table of the README: {@code events} is the contract everyone depends on; {@code command-side} decides
 * and {@code query-side} projects, neither seeing the other nor a store; the stores live in {@code event-store} and
 * {@code embedded-mongo}; {@code api} (HTTP) and {@code replay-tools} (the CLI) put them together.
 */
@AnalyzeClasses(packages = "livechat", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule modulesDependOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("events").definedBy("livechat.events..")
            .layer("event-store").definedBy("livechat.eventstore..")
            .layer("embedded-mongo").definedBy("livechat.embeddedmongo..")
            .layer("command-side").definedBy("livechat.command..")
            .layer("query-side").definedBy("livechat.query..")
            .layer("api").definedBy("livechat.api..")
            .layer("replay-tools").definedBy("livechat.tools..")
            .whereLayer("api").mayNotBeAccessedByAnyLayer()
            .whereLayer("replay-tools").mayNotBeAccessedByAnyLayer()
            .whereLayer("command-side").mayOnlyBeAccessedByLayers("api")
            .whereLayer("query-side").mayOnlyBeAccessedByLayers("api", "replay-tools")
            .whereLayer("event-store").mayOnlyBeAccessedByLayers("api", "replay-tools")
            .whereLayer("embedded-mongo").mayOnlyBeAccessedByLayers("api", "replay-tools")
            .whereLayer("events").mayOnlyBeAccessedByLayers("command-side", "query-side", "event-store", "api",
                    "replay-tools");

    @ArchTest
    static final ArchRule eventsAreTheContractOnly = noClasses().that().resideInAPackage("livechat.events..")
            .should().dependOnClassesThat().resideInAnyPackage("org.h2..", "com.zaxxer..", "io.kurrent..",
                    "io.grpc..", "com.mongodb..", "org.bson..", "de.bwaldvogel..", "io.netty..", "reactor..",
                    "org.springframework..", "java.sql..", "javax.sql..")
            .because("events is the contract: no store, driver or server dependency");

    @ArchTest
    static final ArchRule decidingAndProjectingSeeNoStore = noClasses().that()
            .resideInAnyPackage("livechat.command..", "livechat.query..")
            .should().dependOnClassesThat().resideInAnyPackage("org.h2..", "com.zaxxer..", "io.kurrent..",
                    "io.grpc..", "de.bwaldvogel..", "java.sql..", "javax.sql..")
            .because("command-side and query-side reach stores only through Axon's and the read models' interfaces");

    @ArchTest
    static final ArchRule onlyApiSpeaksHttp = noClasses().that().resideOutsideOfPackage("livechat.api..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..",
                    "org.springframework.http..", "reactor.netty.http..")
            .because("api alone speaks HTTP");
}
