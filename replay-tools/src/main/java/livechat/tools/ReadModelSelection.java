package livechat.tools;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;

/** The {@code <read-model>|all} parameter of the commands that work on whole read models. */
final class ReadModelSelection {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Parameters(paramLabel = "<read-model>|all", description = "One of ${COMPLETION-CANDIDATES}.",
            completionCandidates = ReadModelNames.class)
    String name;

    /** The read models named on the command line, or a usage error naming the valid ones. */
    List<ReadModel> selected() {
        return ReadModel.select(name, command);
    }
}
