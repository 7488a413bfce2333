package org.iokit4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each benchmark method, run once outside JMH: a benchmark of a failing call would time the wrong path. */
class CallBenchmarkTest {

    @Test
    void shouldAnswerEveryCallBenchmarkCorrectly() {
        final CallBenchmark bench = new CallBenchmark();
        bench.open(); // the bench dext is found by the default kernel, from META-INF/driverkit on the class path
        try {
            bench.vary();
            assertThat(bench.scalarCall()).isEqualTo(42);
            assertThat(bench.javaLayerScalarCall()).isEqualTo(42);
            assertThat(bench.plainInterfaceCall()).isEqualTo(42);
            assertThat(bench.plainInterfaceCallNotInlined()).isEqualTo(42);
            for (int size : new int[] {64, 4096}) {
                final CallBenchmark.Structs structs = new CallBenchmark.Structs();
                structs.size = size;
                structs.allocate();
                assertThat(bench.plainStructCopy(structs)).isEqualTo(size);
                assertThat(bench.structCall(structs)).isEqualTo(size);
                structs.free(); // throws if the echo differs from the input
            }
        } finally {
            bench.close();
        }
    }
}
