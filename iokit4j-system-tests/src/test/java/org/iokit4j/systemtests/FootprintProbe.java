package org.iokit4j.systemtests;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.Map;
import org.iokit4j.kernel.Kernel;

/**
 * Measures the footprint issue 2 asks for: embedded kernel boot with one bundle (time, allocation, retained
 * heap), heap per open connection, and threads per connection. A harness, not a test: it prints numbers and
 * asserts nothing (docs/benchmarks.md has the command and the results).
 */
public final class FootprintProbe {
    private static final int BOOTS = 50;
    private static final int WARM_UP = 10;
    private static final int CONNECTIONS = 1000;

    private FootprintProbe() {
    }

    public static void main(String[] args) {
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        final long coldStart = System.nanoTime();
        boot().close(); // the first boot in a fresh JVM: class loading and plist parsing included
        final long coldBoot = System.nanoTime() - coldStart;
        for (int i = 0; i < WARM_UP; i++) {
            boot().close();
        }
        final long[] nanos = new long[BOOTS];
        final long[] allocated = new long[BOOTS];
        for (int i = 0; i < BOOTS; i++) {
            final long bytes = threads.getCurrentThreadAllocatedBytes();
            final long start = System.nanoTime();
            final Kernel kernel = boot();
            nanos[i] = System.nanoTime() - start;
            allocated[i] = threads.getCurrentThreadAllocatedBytes() - bytes;
            kernel.close();
        }
        final long heapBefore = usedAfterGc(memory);
        final EchoKernel echo = new EchoKernel();
        final long retained = usedAfterGc(memory) - heapBefore;
        System.out.printf("boot (echo bundle): median %.2f ms, p90 %.2f ms over %d boots; first boot in a fresh JVM"
                + " %.2f ms%n", median(nanos) / 1e6, percentile(nanos, 0.9) / 1e6, BOOTS, coldBoot / 1e6);
        System.out.printf("boot allocation on the booting thread: median %.2f MiB%n", median(allocated) / 1048576.0);
        System.out.printf("kernel retained heap after boot (incl. one app task): %.1f KiB%n", retained / 1024.0);

        final int threadsBefore = threads.getThreadCount();
        final long heapConnections = usedAfterGc(memory);
        final long allocBefore = threads.getCurrentThreadAllocatedBytes();
        final int[] connects = new int[CONNECTIONS];
        for (int i = 0; i < CONNECTIONS; i++) {
            connects[i] = echo.open(0);
        }
        final long allocPerOpen = (threads.getCurrentThreadAllocatedBytes() - allocBefore) / CONNECTIONS;
        final long perConnection = (usedAfterGc(memory) - heapConnections) / CONNECTIONS;
        final int threadsAfter = threads.getThreadCount();
        System.out.printf("connections: %d open, retained heap %d bytes each, %d bytes allocated per open%n",
                CONNECTIONS, perConnection, allocPerOpen);
        System.out.printf("live threads: %d before, %d after opening %d connections%n", threadsBefore, threadsAfter,
                CONNECTIONS);
        echo.assertServes(connects[CONNECTIONS - 1]);
        echo.close();
    }

    private static Kernel boot() {
        return Kernel.builder().name("probe").discoverClassPath(false).appEntitlements(Map.of())
                .bundle(EchoKernel.BUNDLE).boot();
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long median(long[] values) {
        return percentile(values, 0.5);
    }

    private static long percentile(long[] values, double p) {
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))];
    }
}
