package livechat.query.mongo;

/**
 * The read-model database seen through both MongoDB drivers: projections run on Axon's threads and write in
 * blocking batches; the HTTP side reads without blocking.
 */
public record ReadModelDatabase(com.mongodb.client.MongoDatabase blocking,
                                com.mongodb.reactivestreams.client.MongoDatabase reactive) {
}
