package livechat.api;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/** The dependency table of DESIGN.md: api -> command-side, query-side -> events; replay-tools -> query-side. */
@AnalyzeClasses(packages = "livechat", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule modulesDependOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("events").definedBy("livechat.events..")
            .layer("command-side").definedBy("livechat.command..")
            .layer("query-side").definedBy("livechat.query..")
            .layer("api").definedBy("livechat.api..")
            .layer("replay-tools").definedBy("livechat.tools..")
            .whereLayer("api").mayNotBeAccessedByAnyLayer()
            .whereLayer("replay-tools").mayNotBeAccessedByAnyLayer()
            .whereLayer("command-side").mayOnlyBeAccessedByLayers("api")
            .whereLayer("query-side").mayOnlyBeAccessedByLayers("api", "replay-tools")
            .whereLayer("events").mayOnlyBeAccessedByLayers("command-side", "query-side", "api", "replay-tools");
}
