package livechat.tools;

import livechat.embeddedmongo.EmbeddedMongo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "mongo", mixinStandardHelpOptions = true, description = "The embedded read-model store.",
        subcommands = {MongoCommand.Serve.class})
class MongoCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * Runs the embedded MongoDB on its own, so that several servers (each with its own data folder, sharing a
     * server-grade event store) and tools can share one read-model store through {@code LIVECHAT_MONGODB_URI}.
     */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serve a read-model file as a MongoDB on 127.0.0.1 until stopped (Ctrl-C or SIGTERM).")
    static class Serve implements Callable<Integer> {

        @Option(names = "--data", required = true, description = "The folder of the read-model file (readmodels.mv).")
        Path data;

        @Option(names = "--port", defaultValue = "27018", description = "The port to listen on (default 27018).")
        int port;

        @Override
        public Integer call() throws InterruptedException {
            EmbeddedMongo mongo = Stores.openEmbedded(data.resolve("readmodels.mv"), port);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                mongo.close();
                stopped.countDown();
            }, "mongo-serve-stop"));
            System.out.println("Serving " + data.resolve("readmodels.mv").toAbsolutePath().normalize() + " at "
                    + mongo.connectionString() + " until stopped");
            System.out.flush();
            stopped.await();
            return 0;
        }
    }
}
