package org.iokit4j.kerneld;

import java.util.function.Function;
import org.iokit4j.kernel.Kernel;

/**
 * Makes the daemon's {@link ConnectionHandler} for its booted kernel: how a protocol module plugs into the daemon
 * without the daemon knowing it.
 *
 * <p>{@link KernelDaemon#main} finds exactly one implementation with {@link java.util.ServiceLoader}: declare it
 * with {@code provides org.iokit4j.kerneld.ConnectionHandlerFactory with …} in the module's {@code module-info} and,
 * for class-path runs (scripts/kerneld.sh, tests), in
 * {@code META-INF/services/org.iokit4j.kerneld.ConnectionHandlerFactory}. None, or more than one, and the daemon
 * refuses to start, naming what it found. An implementation needs a public no-argument constructor.
 *
 * <p><b>Concurrency.</b> {@link #apply} is called once, on the daemon's main thread, after the kernel booted and
 * before the socket is bound.
 */
public interface ConnectionHandlerFactory extends Function<Kernel, ConnectionHandler> {
    /**
     * {@return the handler every admitted connection of this daemon is served by}
     *
     * @param kernel the daemon's kernel, booted with its dexts; the daemon closes it when it stops.
     */
    @Override
    ConnectionHandler apply(Kernel kernel);
}
