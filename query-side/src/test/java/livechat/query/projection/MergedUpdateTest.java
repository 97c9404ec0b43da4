package livechat.query.projection;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which updates of one document merge into one statement, and into what. */
class MergedUpdateTest {

    private static BsonDocument json(String json) {
        return BsonDocument.parse(json);
    }

    private static MergedUpdate holding(String json) {
        return new MergedUpdate(json(json));
    }

    @Test
    void updatesOfDifferentFieldsMergeUnderTheirOperators() {
        MergedUpdate merged = holding("{$set: {status: 'OPEN', lastSequence: 1}}");

        assertThat(merged.absorb(json("{$set: {lastSequence: 2}, $inc: {messageCount: {$numberLong: '1'}}}")))
                .isTrue();

        assertThat(merged.update()).isEqualTo(
                json("{$set: {status: 'OPEN', lastSequence: 2}, $inc: {messageCount: {$numberLong: '1'}}}"));
    }

    @Test
    void increasesAddUpAndTheLaterSetWins() {
        MergedUpdate merged = holding(
                "{$set: {lastMessageAt: {$date: 1000}}, $inc: {messageCount: {$numberLong: '1'}}}");

        assertThat(merged.absorb(json(
                "{$set: {lastMessageAt: {$date: 2000}}, $inc: {messageCount: {$numberLong: '1'}}}"))).isTrue();
        assertThat(merged.absorb(json("{$inc: {messageCount: {$numberLong: '3'}}}"))).isTrue();

        assertThat(merged.update()).isEqualTo(
                json("{$set: {lastMessageAt: {$date: 2000}}, $inc: {messageCount: {$numberLong: '5'}}}"));
    }

    @Test
    void maximaKeepTheGreaterAndSetAdditionsAndPushesKeepEveryValueInOrder() {
        MergedUpdate merged = holding("{$max: {lastEntry: {$numberLong: '7'}}, $addToSet: {agents: 'a-1'},"
                + " $push: {edits: {$numberLong: '4'}}}");

        assertThat(merged.absorb(json("{$max: {lastEntry: {$numberLong: '5'}}, $addToSet: {agents: {$each: ['a-2']}},"
                + " $push: {edits: {$numberLong: '6'}}}"))).isTrue();

        assertThat(merged.update()).isEqualTo(json("{$max: {lastEntry: {$numberLong: '7'}},"
                + " $addToSet: {agents: {$each: ['a-1', 'a-2']}},"
                + " $push: {edits: {$each: [{$numberLong: '4'}, {$numberLong: '6'}]}}}"));
    }

    @Test
    void aFieldUnderTwoOperatorsStaysTwoStatements() {
        MergedUpdate merged = holding("{$addToSet: {tags: 'vip'}, $set: {lastSequence: 3}}");

        assertThat(merged.absorb(json("{$pull: {tags: 'vip'}, $set: {lastSequence: 4}}"))).isFalse();
        assertThat(merged.absorb(json("{$unset: {tags: ''}}"))).isFalse();

        assertThat(merged.update()).isEqualTo(json("{$addToSet: {tags: 'vip'}, $set: {lastSequence: 3}}"));
    }

    @Test
    void aFieldAndAPathIntoItOrDifferentNumberTypesOrModifiersDoNotMerge() {
        assertThat(holding("{$set: {clock: {period: 1}}}").absorb(json("{$set: {'clock.period': 2}}"))).isFalse();
        assertThat(holding("{$inc: {n: 1}}").absorb(json("{$inc: {n: {$numberLong: '1'}}}"))).isFalse();
        assertThat(holding("{$push: {edits: {$each: [1], $slice: -5}}}").absorb(json("{$push: {edits: 2}}")))
                .isFalse();
        assertThat(holding("{$pull: {tags: 'a'}}").absorb(json("{$pull: {tags: 'b'}}"))).isFalse();
    }
}
