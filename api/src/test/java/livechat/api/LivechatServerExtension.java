package livechat.api;

import livechat.eventstore.kurrent.KurrentDbDouble;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Starts the server a {@link ServerTest} class asks for and hands it to the test's methods. The server is kept in the
 * store of the class's or the test's extension context, which closes it when that context ends: after the
 * {@code @AfterAll} or {@code @AfterEach} methods.
 */
final class LivechatServerExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LivechatServerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (!settings(context).perTest()) {
            start(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (settings(context).perTest()) {
            start(context);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LivechatServer.class || type == ChatClient.class || type == TestTokens.class
                || type == KurrentDbDouble.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running = context.getStore(NAMESPACE).get(Running.class, Running.class);
        if (running == null) {
            throw new ParameterResolutionException("no server runs yet: with @ServerTest(perTest = true) each test's "
                    + "server starts after the @BeforeAll methods");
        }
        Class<?> type = parameter.getParameter().getType();
        if (type == LivechatServer.class) {
            return running.server();
        }
        if (type == ChatClient.class) {
            return running.chat();
        }
        if (type == TestTokens.class) {
            return running.server().tokens();
        }
        if (running.kurrent() == null) {
            throw new ParameterResolutionException("the server runs on the H2 event store: @ServerTest(kurrentDb = "
                    + "true) puts its event log on KurrentDB");
        }
        return running.kurrent();
    }

    private static ServerTest settings(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), ServerTest.class).orElseThrow();
    }

    private static void start(ExtensionContext context) throws IOException {
        context.getStore(NAMESPACE).put(Running.class, Running.start(settings(context)));
    }

    /** A started server with its data folder and, on KurrentDB, the double holding its log. */
    private record Running(LivechatServer server, ChatClient chat, KurrentDbDouble kurrent, Path dataDir)
            implements ExtensionContext.Store.CloseableResource {

        static Running start(ServerTest settings) throws IOException {
            Path dataDir = Files.createTempDirectory("livechat-test-");
            KurrentDbDouble kurrent = null;
            try {
                List<String> arguments = new ArrayList<>(List.of(settings.settings()));
                if (settings.kurrentDb()) {
                    kurrent = KurrentDbDouble.start();
                    arguments.add("--livechat.eventstore=" + kurrent.connectionString());
                }
                LivechatServer server = LivechatServer.start(dataDir, arguments.toArray(String[]::new));
                return new Running(server, server.chat(), kurrent, dataDir);
            } catch (RuntimeException e) {
                if (kurrent != null) {
                    kurrent.close();
                }
                delete(dataDir);
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                server.close();
            } finally {
                if (kurrent != null) {
                    kurrent.close();
                }
                delete(dataDir);
            }
        }

        private static void delete(Path folder) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the test server's data folder " + folder, e);
            }
        }
    }
}
