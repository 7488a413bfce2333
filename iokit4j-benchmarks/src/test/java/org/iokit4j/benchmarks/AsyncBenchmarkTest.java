package org.iokit4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each async benchmark method, run once outside JMH: every call must reach its callback with the right sum. */
class AsyncBenchmarkTest {

    @Test
    void shouldCompleteEveryAsyncBenchmarkCall() {
        final AsyncBenchmark bench = new AsyncBenchmark();
        bench.open();
        try {
            final long before = bench.completed.get();
            assertThat(bench.asyncLatency()).isEqualTo(42);
            assertThat(bench.asyncPipelined()).isEqualTo(42);
            assertThat(bench.completed.get() - before).isEqualTo(1 + AsyncBenchmark.BATCH);
            assertThat(bench.futureLatency()).isEqualTo(42);
            assertThat(bench.futurePipelined()).isEqualTo(42);
        } finally {
            bench.close();
        }
    }
}
