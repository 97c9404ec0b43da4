package livechat.tools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/** The names a {@code <read-model>|all} parameter takes, for help texts. */
final class ReadModelNames implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        List<String> names = new ArrayList<>(Arrays.stream(ReadModel.values()).map(ReadModel::processingGroup)
                .toList());
        names.add(ReadModel.ALL);
        return names.iterator();
    }
}
