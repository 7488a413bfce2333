/** The benchmark dext for {@link org.iokit4j.benchmarks.DescriptorFillBenchmark}: a driver that fills client buffers. */
package org.iokit4j.benchmarks.fill;
