package org.iokit4j.systemtests.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iokit4j.systemtests.async.AsyncUserClient.*;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.iokit4j.IOReturn;
import org.iokit4j.IOReturnException;
import org.iokit4j.client.Completion;
import org.iokit4j.client.Connection;
import org.iokit4j.client.NotificationPort;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.junit.IOKitTest;
import org.iokit4j.junit.Service;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous calls through the Java layer, end to end (issue 3 item 1, "faithful and Java layers"), each test in a
 * kernel of its own with the connection injected by the JUnit extension (issue 12 deliverable 2).
 */
@IOKitTest(name = "java-async", bundles = "bundles/async/Info.plist")
class JavaLayerAsyncTest {
    private final DispatchQueue queue = DispatchQueue.create("java-layer-callbacks");
    private Connection connection;
    private NotificationPort port;

    @BeforeEach
    void open(@Service(AsyncCallTest.DRIVER) Connection async) {
        connection = async; // closed by the extension after the test, before the kernel
        port = NotificationPort.create(async.caller()).dispatchOn(queue);
    }

    @AfterEach
    void close() {
        port.close();
        queue.close();
    }

    @Test
    void shouldCompleteTheFutureWithTheDriversCompletion() throws Exception { // §4.3: args and status arrive
        final CompletableFuture<Completion> done = connection.call(kEchoNow).scalars(4, 5, 6).invokeAsync(port);
        final Completion completion = done.get(10, TimeUnit.SECONDS);
        assertThat(completion.succeeded()).isTrue();
        assertThat(completion.args()).containsExactly(4, 5, 6);
    }

    @Test
    void shouldDeliverEveryCompletionOfAStreamInOrder() throws Exception { // §6.3: one action, many completions
        final List<Long> seen = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> all = new CompletableFuture<>();
        connection.call(kRepeat).scalars(100).invokeAsync(port, completion -> {
            seen.add(completion.arg(0));
            if (seen.size() == 100) {
                all.complete(null);
            }
        });
        all.get(10, TimeUnit.SECONDS);
        assertThat(seen).hasSize(100).isSorted();
    }

    @Test
    void shouldFailTheFutureWhenTheMethodIsSynchronous() { // §10.9: checkCompletionExists = 0
        final CompletableFuture<Completion> done = connection.call(kSyncOnly).invokeAsync(port);
        assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IOReturnException.class)
                .hasMessageContaining("checkCompletionExists=0")
                .satisfies(e -> assertThat(((IOReturnException) e).code()).isEqualTo(IOReturn.kIOReturnBadArgument));
    }

    @Test
    void shouldRunManyConcurrentCallsOnOnePortAndAcrossPorts() throws Exception { // issue 3 tests: concurrency
        final NotificationPort second = NotificationPort.create(connection.caller()).dispatchOn(queue);
        try {
            final List<CompletableFuture<Completion>> futures = new CopyOnWriteArrayList<>();
            final Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                final long base = t * 1000L;
                final NotificationPort target = t % 2 == 0 ? port : second;
                threads[t] = Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 250; i++) {
                        futures.add(connection.call(kEchoNow).scalars(base + i).invokeAsync(target));
                    }
                });
            }
            for (Thread thread : threads) {
                thread.join(10_000);
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(futures).hasSize(1000);
            assertThat(futures.stream().map(f -> f.join().arg(0)).distinct().count()).isEqualTo(1000);
        } finally {
            second.close();
        }
    }
}
