/** The cross-process benchmark: an app JVM and the kernel daemon against raw-socket and gRPC baselines. */
package org.iokit4j.benchmarks.ipc;
