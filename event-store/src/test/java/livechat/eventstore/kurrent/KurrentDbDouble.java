package livechat.eventstore.kurrent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.kurrent.dbclient.proto.serverfeatures.ServerFeaturesGrpc;
import io.kurrent.dbclient.proto.serverfeatures.Serverfeatures.SupportedMethod;
import io.kurrent.dbclient.proto.serverfeatures.Serverfeatures.SupportedMethods;
import io.kurrent.dbclient.proto.shared.Shared;
import io.kurrent.dbclient.proto.streams.StreamsGrpc;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.AppendReq;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.AppendResp;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadReq;
import io.kurrent.dbclient.proto.streams.StreamsOuterClass.ReadResp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * An in-process KurrentDB speaking the real gRPC protocol (the client's own generated stubs) on a loopback port,
 * so the unchanged client and engine run against it. It keeps what the engine relies on, as the server documents
 * it: expected-state checks and idempotent re-appends of the same event ids; one {@code $all} log ordered by
 * (commit, prepare) where the events of one append share a commit position; reads from a stream revision or an
 * {@code $all} position include it, subscriptions start after it; {@code $maxCount} from {@code $$stream} metadata;
 * catch-up subscriptions to {@code $all} that turn live. Data survives {@link #stop()} / {@link #restart()}, like a
 * server restart. Not modelled: deletes, filters, persistent subscriptions, links, ACLs.
 */
public final class KurrentDbDouble implements AutoCloseable {

    /** One append call as the server received it. */
    public record AppendCall(String stream, List<UUID> eventIds) {
    }

    private record Stored(String stream, long revision, UUID id, long commit, long prepare,
                          Map<String, String> metadata, ByteString customMetadata, ByteString data) {

        int compareTo(long commitPosition, long preparePosition) {
            int byCommit = Long.compare(commit, commitPosition);
            return byCommit != 0 ? byCommit : Long.compare(prepare, preparePosition);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Object lock = new Object();
    private final List<Stored> log = new ArrayList<>();
    private final Map<String, List<Stored>> streams = new HashMap<>();
    private final List<ServerCallStreamObserver<ReadResp>> subscribers = new ArrayList<>();
    private final List<AppendCall> appendCalls = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong allReads = new AtomicLong();
    // A real log starts with epoch and system records, so the first event is never at position 0.
    private long nextLogPosition = 4096;
    private Server server;
    private int port;

    private KurrentDbDouble() {
    }

    public static KurrentDbDouble start() {
        KurrentDbDouble kurrent = new KurrentDbDouble();
        kurrent.listen(0);
        return kurrent;
    }

    public String connectionString() {
        return "kurrentdb://127.0.0.1:" + port + "?tls=false";
    }

    /** Stops listening and drops every connection, keeping the data. */
    public void stop() {
        server.shutdownNow();
        try {
            server.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            subscribers.clear();
        }
    }

    /** Listens again on the same port, with the data it had. */
    public void restart() {
        listen(port);
    }

    /** Every byte it holds of every stored event, snapshots included: data, metadata and custom metadata. */
    public byte[] storedBytes() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        synchronized (lock) {
            for (Stored stored : log) {
                out.writeBytes(stored.data().toByteArray());
                out.writeBytes(stored.customMetadata().toByteArray());
                stored.metadata().forEach((key, value) -> out.writeBytes((key + value).getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)));
            }
        }
        return out.toByteArray();
    }

    public List<AppendCall> appendCalls() {
        synchronized (appendCalls) {
            return List.copyOf(appendCalls);
        }
    }

    /** How many reads and subscriptions touched {@code $all}. */
    /**
     * Plays an insider who can write the server's files: changes an event's data or its custom metadata (the
     * engine's envelope) where it is stored, beside the append path.
     */
    public void rewrite(String stream, long revision, UnaryOperator<byte[]> data, UnaryOperator<byte[]> envelope) {
        synchronized (lock) {
            List<Stored> events = streams.get(stream);
            for (int i = 0; i < events.size(); i++) {
                Stored old = events.get(i);
                if (old.revision() == revision) {
                    Stored changed = new Stored(old.stream(), old.revision(), old.id(), old.commit(), old.prepare(),
                            old.metadata(), ByteString.copyFrom(envelope.apply(old.customMetadata().toByteArray())),
                            ByteString.copyFrom(data.apply(old.data().toByteArray())));
                    events.set(i, changed);
                    log.set(log.indexOf(old), changed);
                }
            }
        }
    }

    /** Plays an insider: removes an event from its stream and from the log. */
    public void remove(String stream, long revision) {
        synchronized (lock) {
            streams.get(stream).removeIf(e -> e.revision() == revision);
            log.removeIf(e -> e.stream().equals(stream) && e.revision() == revision);
        }
    }

    public long allReads() {
        return allReads.get();
    }

    @Override
    public void close() {
        stop();
    }

    private void listen(int onPort) {
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", onPort))
                    .addService(new Streams()).addService(new Features()).build().start();
            port = server.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class Features extends ServerFeaturesGrpc.ServerFeaturesImplBase {
        @Override
        public void getSupportedMethods(Shared.Empty request, StreamObserver<SupportedMethods> response) {
            response.onNext(SupportedMethods.newBuilder().setEventStoreServerVersion("24.10.0")
                    .addMethods(method("read")).addMethods(method("append")).build());
            response.onCompleted();
        }

        private SupportedMethod method(String name) {
            return SupportedMethod.newBuilder().setServiceName("event_store.client.streams.streams")
                    .setMethodName(name).build();
        }
    }

    private final class Streams extends StreamsGrpc.StreamsImplBase {

        @Override
        public StreamObserver<AppendReq> append(StreamObserver<AppendResp> response) {
            return new StreamObserver<>() {
                private AppendReq.Options options;
                private final List<AppendReq.ProposedMessage> proposed = new ArrayList<>();

                @Override
                public void onNext(AppendReq request) {
                    if (request.hasOptions()) {
                        options = request.getOptions();
                    } else {
                        proposed.add(request.getProposedMessage());
                    }
                }

                @Override
                public void onError(Throwable t) {
                    // The client went away mid-append: nothing was written.
                }

                @Override
                public void onCompleted() {
                    response.onNext(appendAll(options, proposed));
                    response.onCompleted();
                }
            };
        }

        @Override
        public void read(ReadReq request, StreamObserver<ReadResp> response) {
            ReadReq.Options options = request.getOptions();
            if (options.hasFilter() || options.hasSubscription() && options.hasStream()) {
                response.onError(Status.UNIMPLEMENTED.withDescription("not modelled by the double").asException());
                return;
            }
            if (options.hasAll()) {
                allReads.incrementAndGet();
            }
            if (options.hasSubscription()) {
                subscribeToAll(options.getAll(), (ServerCallStreamObserver<ReadResp>) response);
                return;
            }
            List<ReadResp> answer;
            synchronized (lock) {
                answer = options.hasAll() ? readAll(options) : readStream(options);
            }
            answer.forEach(response::onNext);
            response.onCompleted();
        }
    }

    private AppendResp appendAll(AppendReq.Options options, List<AppendReq.ProposedMessage> proposed) {
        String name = options.getStreamIdentifier().getStreamName().toStringUtf8();
        appendCalls.add(new AppendCall(name, proposed.stream().map(p -> uuid(p.getId())).toList()));
        synchronized (lock) {
            List<Stored> stream = streams.computeIfAbsent(name, n -> new ArrayList<>());
            long current = stream.size() - 1;
            long expectedNext = switch (options.getExpectedStreamRevisionCase()) {
                case REVISION -> options.getRevision() + 1;
                case NO_STREAM -> 0;
                default -> -1;
            };
            boolean matches = switch (options.getExpectedStreamRevisionCase()) {
                case REVISION -> current == options.getRevision();
                case NO_STREAM -> current == -1;
                case STREAM_EXISTS -> current >= 0;
                default -> true;
            };
            if (!matches || options.getExpectedStreamRevisionCase() == AppendReq.Options.ExpectedStreamRevisionCase.ANY) {
                long from = expectedNext >= 0 ? expectedNext : indexOf(stream, proposed);
                if (alreadyWritten(stream, from, proposed)) {
                    return success(stream.get((int) (from + proposed.size() - 1)));
                }
            }
            if (!matches) {
                return wrongExpectedVersion(options, current);
            }
            // Each event is a prepare record at its own position; the commit record that follows them all gives
            // every event of the append the same commit position, at or after each prepare position.
            List<Long> prepares = new ArrayList<>();
            for (AppendReq.ProposedMessage message : proposed) {
                prepares.add(nextLogPosition);
                nextLogPosition += 128 + message.getData().size() + message.getCustomMetadata().size();
            }
            long commit = prepares.isEmpty() ? nextLogPosition : prepares.get(prepares.size() - 1);
            for (int i = 0; i < proposed.size(); i++) {
                AppendReq.ProposedMessage message = proposed.get(i);
                Map<String, String> metadata = new HashMap<>(message.getMetadataMap());
                metadata.put("created", Long.toString(ticks(Instant.now())));
                Stored event = new Stored(name, stream.size(), uuid(message.getId()), commit, prepares.get(i),
                        metadata, message.getCustomMetadata(), message.getData());
                stream.add(event);
                log.add(event);
                publish(event);
            }
            if (stream.isEmpty()) {
                streams.remove(name);
                return AppendResp.newBuilder().setSuccess(AppendResp.Success.newBuilder()
                        .setNoStream(Shared.Empty.getDefaultInstance())
                        .setNoPosition(Shared.Empty.getDefaultInstance())).build();
            }
            return success(stream.get(stream.size() - 1));
        }
    }

    private static long indexOf(List<Stored> stream, List<AppendReq.ProposedMessage> proposed) {
        if (proposed.isEmpty()) {
            return -1;
        }
        UUID first = uuid(proposed.get(0).getId());
        return stream.stream().filter(e -> e.id().equals(first)).mapToLong(Stored::revision).findFirst().orElse(-1);
    }

    private static boolean alreadyWritten(List<Stored> stream, long from, List<AppendReq.ProposedMessage> proposed) {
        if (from < 0 || proposed.isEmpty() || from + proposed.size() > stream.size()) {
            return false;
        }
        for (int i = 0; i < proposed.size(); i++) {
            if (!stream.get((int) from + i).id().equals(uuid(proposed.get(i).getId()))) {
                return false;
            }
        }
        return true;
    }

    private static AppendResp success(Stored last) {
        return AppendResp.newBuilder().setSuccess(AppendResp.Success.newBuilder()
                .setCurrentRevision(last.revision())
                .setPosition(AppendResp.Position.newBuilder().setCommitPosition(last.commit())
                        .setPreparePosition(last.prepare()))).build();
    }

    private static AppendResp wrongExpectedVersion(AppendReq.Options options, long current) {
        AppendResp.WrongExpectedVersion.Builder wrong = AppendResp.WrongExpectedVersion.newBuilder();
        if (current < 0) {
            wrong.setCurrentNoStream(Shared.Empty.getDefaultInstance());
        } else {
            wrong.setCurrentRevision(current);
        }
        switch (options.getExpectedStreamRevisionCase()) {
            case REVISION -> wrong.setExpectedRevision(options.getRevision());
            case NO_STREAM -> wrong.setExpectedNoStream(Shared.Empty.getDefaultInstance());
            case STREAM_EXISTS -> wrong.setExpectedStreamExists(Shared.Empty.getDefaultInstance());
            default -> wrong.setExpectedAny(Shared.Empty.getDefaultInstance());
        }
        return AppendResp.newBuilder().setWrongExpectedVersion(wrong).build();
    }

    private List<ReadResp> readStream(ReadReq.Options options) {
        ReadReq.Options.StreamOptions request = options.getStream();
        String name = request.getStreamIdentifier().getStreamName().toStringUtf8();
        List<Stored> stream = streams.get(name);
        if (stream == null) {
            return List.of(ReadResp.newBuilder().setStreamNotFound(ReadResp.StreamNotFound.newBuilder()
                    .setStreamIdentifier(request.getStreamIdentifier())).build());
        }
        long firstVisible = maxCount(name).map(max -> Math.max(0, stream.size() - max)).orElse(0L);
        boolean forwards = options.getReadDirection() == ReadReq.Options.ReadDirection.Forwards;
        Stream<Stored> visible = stream.stream().filter(e -> e.revision() >= firstVisible);
        if (forwards) {
            long from = request.hasRevision() ? request.getRevision() : 0;
            visible = request.hasEnd() ? Stream.empty() : visible.filter(e -> e.revision() >= from);
        } else {
            long from = request.hasRevision() ? request.getRevision() : Long.MAX_VALUE;
            visible = request.hasStart() ? visible.filter(e -> e.revision() == 0)
                    : visible.filter(e -> e.revision() <= from).sorted(Comparator.comparingLong(Stored::revision).reversed());
        }
        return visible.limit(options.getCount()).map(KurrentDbDouble::toWire).toList();
    }

    private Optional<Long> maxCount(String stream) {
        List<Stored> metadata = streams.get("$$" + stream);
        if (metadata == null) {
            return Optional.empty();
        }
        try {
            JsonNode latest = JSON.readTree(metadata.get(metadata.size() - 1).data().toByteArray());
            return latest.hasNonNull("$maxCount") ? Optional.of(latest.get("$maxCount").asLong())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<ReadResp> readAll(ReadReq.Options options) {
        ReadReq.Options.AllOptions request = options.getAll();
        ReadReq.Options.Position at = request.getPosition();
        Stream<Stored> events;
        if (options.getReadDirection() == ReadReq.Options.ReadDirection.Forwards) {
            events = request.hasEnd() ? Stream.empty() : request.hasStart() ? log.stream()
                    : log.stream().filter(e -> e.compareTo(at.getCommitPosition(), at.getPreparePosition()) >= 0);
        } else {
            List<Stored> reversed = new ArrayList<>(log);
            Collections.reverse(reversed);
            events = request.hasStart() ? Stream.empty() : request.hasEnd() ? reversed.stream()
                    : reversed.stream().filter(e -> e.compareTo(at.getCommitPosition(), at.getPreparePosition()) < 0);
        }
        return events.limit(options.getCount()).map(KurrentDbDouble::toWire).toList();
    }

    private void subscribeToAll(ReadReq.Options.AllOptions request, ServerCallStreamObserver<ReadResp> response) {
        synchronized (lock) {
            response.setOnCancelHandler(() -> {
                synchronized (lock) {
                    subscribers.remove(response);
                }
            });
            response.onNext(ReadResp.newBuilder().setConfirmation(ReadResp.SubscriptionConfirmation.newBuilder()
                    .setSubscriptionId(UUID.randomUUID().toString())).build());
            ReadReq.Options.Position at = request.getPosition();
            Stream<Stored> catchUp = request.hasEnd() ? Stream.empty() : request.hasStart() ? log.stream()
                    : log.stream().filter(e -> e.compareTo(at.getCommitPosition(), at.getPreparePosition()) > 0);
            catchUp.map(KurrentDbDouble::toWire).forEach(response::onNext);
            response.onNext(ReadResp.newBuilder().setCaughtUp(ReadResp.CaughtUp.newBuilder()
                    .setTimestamp(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()))).build());
            subscribers.add(response);
        }
    }

    private void publish(Stored event) {
        ReadResp wire = toWire(event);
        subscribers.removeIf(subscriber -> {
            if (subscriber.isCancelled()) {
                return true;
            }
            subscriber.onNext(wire);
            return false;
        });
    }

    private static ReadResp toWire(Stored event) {
        return ReadResp.newBuilder().setEvent(ReadResp.ReadEvent.newBuilder()
                .setEvent(ReadResp.ReadEvent.RecordedEvent.newBuilder()
                        .setId(Shared.UUID.newBuilder().setStructured(Shared.UUID.Structured.newBuilder()
                                .setMostSignificantBits(event.id().getMostSignificantBits())
                                .setLeastSignificantBits(event.id().getLeastSignificantBits())))
                        .setStreamIdentifier(Shared.StreamIdentifier.newBuilder()
                                .setStreamName(ByteString.copyFromUtf8(event.stream())))
                        .setStreamRevision(event.revision())
                        .setCommitPosition(event.commit())
                        .setPreparePosition(event.prepare())
                        .putAllMetadata(event.metadata())
                        .setCustomMetadata(event.customMetadata())
                        .setData(event.data()))
                .setCommitPosition(event.commit())).build();
    }

    private static UUID uuid(Shared.UUID id) {
        return id.hasStructured()
                ? new UUID(id.getStructured().getMostSignificantBits(), id.getStructured().getLeastSignificantBits())
                : UUID.fromString(id.getString());
    }

    /** The server's timestamps are .NET ticks: 100 ns since the Unix epoch. */
    private static long ticks(Instant instant) {
        return instant.getEpochSecond() * 10_000_000L + instant.getNano() / 100;
    }
}
