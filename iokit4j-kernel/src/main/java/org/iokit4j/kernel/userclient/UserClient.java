package org.iokit4j.kernel.userclient;


import java.util.concurrent.atomic.AtomicBoolean;
import org.iokit4j.Failure;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.mach.IpcSpace;
import org.iokit4j.mach.MachPort;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mach.SendRight;
import org.iokit4j.mig.CallRules;
import org.iokit4j.mig.MethodCall;
import org.iokit4j.mig.MethodReply;
import org.iokit4j.wire.ActionAbortedLayout;

/**
 * An open user client in the kernel ({@code IOUserUserClient}): the connection a task holds, and the route of its
 * external method calls to the driver (apple-semantics.md §5.1, §6.1, §6.4).
 *
 * <p>The kernel's part of a call: shape checks no client library can break ({@code kIOReturnIPCError}), the async
 * reference and wake port rules (§3, decided point 2), the completion action (only for a real wake port, §7),
 * then the driver's {@code ExternalMethod}, then the inline output rules (§6.4). Closing it (or the client
 * dropping its last send right) stops the driver's user client and kills the connection port: later calls fail
 * with {@code MACH_SEND_INVALID_DEST}, and a name the task still holds for it ({@code IOConnectAddRef},
 * {@code IOObjectRetain}) is a dead name. One exception, XNU's ({@code IOUserClient::destroyUserReferences},
 * iokit/Kernel/IOUserClient.cpp): a connection that has memory mapped into its task keeps its port after the close,
 * naming only those mappings, until its last send right goes; then the mappings are torn down and the port dies.
 * Meanwhile every connection routine on it answers {@code kIOReturnBadArgument} ({@link #closedFailure}) and a
 * second {@code IOServiceClose} answers success.
 *
 * <p><b>Concurrency.</b> Thread-safe. Who runs what:
 * <ul>
 *   <li>{@link #call} runs on the calling thread (the trap of {@code IOConnectCall*Method}). The driver's
 *       {@code ExternalMethod} runs on the user client's ExternalMethod queue (its default queue if it set none):
 *       on the caller's own thread when that queue is idle, else on the queue's thread while the caller waits.
 *       Calls from several threads are serialised by that queue; {@code call} returns once the reply is filled.</li>
 *   <li>{@link #close} runs on whichever thread closes: {@code IOServiceClose}'s caller, the thread that released
 *       the last send right to {@link #port()} (no-senders: {@code IOObjectRelease}, the task's end), or the thread
 *       terminating its service or closing the kernel. One closer wins (a compare-and-set) and runs the teardown on
 *       its own thread, in this order: the port dies, live completion actions are aborted, the client's memory
 *       mappings are torn down, then the driver's {@code Stop} runs on the driver's default queue and the closer
 *       waits for it, then the driver object is released ({@code free} follows its last reference).</li>
 * </ul>
 * What happens-before what: the port's death happens-before every later look-up of the connection, which fails
 * with {@code MACH_SEND_INVALID_DEST}. A call that passed the look-up before the close may still be on its way;
 * it reaches the driver only if its {@code ExternalMethod} starts before {@code Stop} begins (the driver runtime
 * orders the two, issue 8 race 9), and is otherwise answered {@code kIOReturnNotReady} without reaching the driver.
 * An {@code ExternalMethod} that started before {@code Stop} may still run while {@code Stop} runs when the two use
 * different queues (as on Apple's systems); the driver object is not freed until it returns. A completion action
 * made by such a call and kept by the driver is aborted once the close is seen ({@code keepIfRetained}).
 */
public final class UserClient {
    /** Bit 0 of the kernel's slot 0: the client task is 64-bit ({@code kIOUCAsync64Flag}). */
    private static final long ASYNC64_FLAG = 1;

    private final RegistryEntry entry;
    private final MachTask owner;
    private final MachPort port;
    private final CompletionAction.CompletionCounters counters;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set by the close that kept the port for the client's mappings (XNU destroyUserReferences). */
    private volatile boolean portKept;
    private final AtomicBoolean driverGone = new AtomicBoolean();
    /** Set when its driver server died: every later call is answered with it ({@code kIOReturnOffline}). */
    private volatile Failure offline;
    /** Completion actions not yet aborted: aborted with the client (issue 3 item 3, "or the client goes away"). */
    private final java.util.Set<CompletionAction> liveActions = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ClientMappings mappings;

    /**
     * Creates the open client of {@code entry} for {@code owner}.
     *
     * @param onClose  runs once when the client closes (stops and frees the driver object).
     * @param entry    the user client's registry entry.
     * @param owner    the task that opened it.
     * @param counters where completions delivered and dropped are counted.
     */
    public UserClient(RegistryEntry entry, MachTask owner, CompletionAction.CompletionCounters counters,
                      Runnable onClose) {
        this.entry = entry;
        this.owner = owner;
        this.counters = counters;
        this.onClose = onClose;
        this.port = MachPort.forKernelObject(this);
        this.mappings = new ClientMappings(owner, this);
        this.port.requestNoSenders(this::lastSendRightGone); // clientDied: the task dropped its last right (§6.6)
    }

    /** {@return the connection port: the task's {@code io_connect_t} names it} */
    public MachPort port() {
        return port;
    }

    /** {@return the user client's registry entry} */
    public RegistryEntry entry() {
        return entry;
    }

    /** {@return the task that opened it} */
    public MachTask owner() {
        return owner;
    }

    /** {@return the memory this client mapped into its task} */
    public ClientMappings mappings() {
        return mappings;
    }

    /** {@return whether it was closed} */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Closes it: kills the connection port, tears down its memory mappings (their segments become inaccessible to
     * the client), then stops and frees the driver's user client. A second close does
     * nothing (Apple ignores it and returns success).
     *
     * @return whether this call closed it.
     */
    public boolean close() {
        return close(ActionAbortedLayout.kAbortReasonClientClosed);
    }

    /**
     * Closes it as {@link #close()} does, aborting the completion actions the driver still holds with
     * {@code abortReason}, the reason their action-aborted notices carry ({@link ActionAbortedLayout}): e.g.
     * {@link ActionAbortedLayout#kAbortReasonServiceTerminated} when termination closes it.
     *
     * @param abortReason the code pending completions end with.
     * @return whether this call closed it.
     */
    public boolean close(int abortReason) {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        // destroyUserReferences: a client with mappings hands its port to them; lastSendRightGone ends both
        final boolean keepPort = mappings.size() > 0 && port.sendRights() > 0;
        if (keepPort) {
            portKept = true;
        } else {
            port.invalidate();
        }
        for (CompletionAction action : liveActions) {
            action.abort(abortReason); // the driver's OSAction learns it through its port's dead-name notification
        }
        if (!keepPort) {
            mappings.close();
        }
        stopDriver();
        return true;
    }

    /**
     * The task dropped its last send right to {@link #port()} (XNU {@code iokit_client_died}): an open client closes
     * ({@code clientDied}); a closed one's mappings, which kept the port, are torn down and the port dies.
     */
    private void lastSendRightGone() {
        close();
        mappings.close();
        port.invalidate();
    }

    /**
     * {@return what a connection routine answers for connection {@code connect} once it is closed} While its port
     * lives on for its mappings, {@code kIOReturnBadArgument} (XNU's {@code CHECK(IOUserClient)} finds the mappings
     * set); else, its port dead or dying (a routine that looked it up just before the close), what a dead name answers:
     * {@code MACH_SEND_INVALID_DEST}.
     *
     * @param connect the task's name for the closed connection.
     */
    public Failure closedFailure(int connect) {
        if (!portKept) {
            return Failure.of(org.iokit4j.IOReturn.MACH_SEND_INVALID_DEST, "connect=0x%08X was closed (IOServiceClose,"
                    + " or its service terminated): its port died with it", connect);
        }
        return Failure.of(org.iokit4j.IOReturn.kIOReturnBadArgument, "connect=0x%08X was closed (IOServiceClose):"
                + " its port lives on only to hold the memory it mapped into the task, until the task releases its"
                + " last name for it (IOObjectRelease; XNU IOUserClient::destroyUserReferences)", connect);
    }

    /**
     * Its driver server died (issue 10): the connection stays, as Apple's does until the client closes it, but every
     * call on it is answered {@code kIOReturnOffline} (XNU {@code IOUserServer::rpc}: "{@code if (isInactive() &&
     * !fRootQueue) return kIOReturnOffline}") with {@code death}'s explanation; the completion actions the driver held
     * are aborted with {@link ActionAbortedLayout#kAbortReasonServerDied}, so a waiting Java-layer call ends with
     * {@code MIG_SERVER_DIED}; the dead driver object is stopped and freed. Mappings of the driver's memory stay until
     * the client closes the connection or unmaps them.
     *
     * @param death why the driver server died.
     */
    public void serverDied(Failure death) {
        offline = Failure.of(org.iokit4j.IOReturn.kIOReturnOffline, "the connection's driver is offline: %s. Its"
                + " services terminated; close this connection, and open the service again once matching announces"
                + " the restarted instance (kIOFirstMatchNotification)", death.explanation());
        for (CompletionAction action : liveActions) {
            action.abort(ActionAbortedLayout.kAbortReasonServerDied);
        }
        stopDriver();
    }

    /** {@return why calls on it are answered {@code kIOReturnOffline} (its driver server died), or {@code null}} */
    public Failure offline() {
        return offline;
    }

    /** Runs {@code onClose} (Stop, then free of the driver object) once, whichever of close and death comes first. */
    private void stopDriver() {
        if (driverGone.compareAndSet(false, true)) {
            onClose.run();
        }
    }

    /**
     * Routes one call to the driver and fills {@code reply}.
     *
     * @param callerSpace the calling task's name space.
     * @param call        the call.
     * @param reply       receives the reply.
     */
    public void call(IpcSpace callerSpace, MethodCall call, MethodReply reply) {
        final Failure dead = offline;
        final Failure bad = dead != null ? dead : check(callerSpace, call);
        if (bad != null) {
            reply.fail(bad);
            return;
        }
        CompletionAction action = null;
        if (call.isAsync() && call.wakePort() != 0) {
            final SendRight wake = callerSpace.makeSend(call.wakePort());
            if (wake == null) { // the receive right went away since check(): as Mach's copy-in would answer
                reply.fail(AsyncRequestRules.explainInvalid(callerSpace, call.wakePort()));
                return;
            }
            final long[] reference = new long[8];
            System.arraycopy(call.reference(), 0, reference, 0, call.reference().length);
            // slot 0 is the kernel's (§3): read the client's private request before overwriting it
            final boolean noticeOnEveryAbort = reference[0] == ActionAbortedLayout.kNoticeOnEveryAbort;
            reference[0] = (System.identityHashCode(wake.port()) & 0xFFFFFFF0L) | ASYNC64_FLAG;
            action = new CompletionAction(this, wake, reference, counters, noticeOnEveryAbort);
        }
        if (action != null) {
            action.callStarted();
        }
        boolean returned = false;
        try {
            entry.dext().externalMethod(call, action == null ? null : action.port().makeSend(), reply);
            if (reply.succeeded()) {
                CallRules.checkOutput(call, reply);
            }
            returned = true;
        } finally {
            if (action != null) {
                action.callEnded(!returned || !reply.succeeded());
                keepIfRetained(action);
            }
        }
        CallRules.clearOutputsOnFailure(reply);
    }

    /**
     * The checks in the order a real call meets them: Mach's copy-in of the wake port as {@code MAKE_SEND} needs this
     * kernel's name space (§3; contract.md decided point 2), so it is checked here; the rest are {@link CallRules}.
     */
    private static Failure check(IpcSpace space, MethodCall call) {
        return CallRules.checkCall(call, c -> c.wakePort() != 0 && space.lookupReceive(c.wakePort()) == null
                ? AsyncRequestRules.explainInvalid(space, c.wakePort()) : null);
    }

    /**
     * Tracks an action the driver kept past {@code ExternalMethod}, so closing aborts it. One it did not keep was
     * aborted already (its last send right went with the call, and the call has ended), so the common one-shot call
     * costs nothing here.
     */
    private void keepIfRetained(CompletionAction action) {
        if (action.isAborted()) {
            return;
        }
        liveActions.add(action);
        if (action.isAborted()) { // aborted meanwhile: forget() may have run before the add
            liveActions.remove(action);
        } else if (closed.get()) { // closed meanwhile: close() may have missed it
            action.abort(ActionAbortedLayout.kAbortReasonClientClosed);
        } else if (offline != null) { // its server died meanwhile: serverDied() may have missed it
            action.abort(ActionAbortedLayout.kAbortReasonServerDied);
        }
    }

    /** An action was aborted: the client no longer needs to abort it when it closes. */
    void forget(CompletionAction action) {
        liveActions.remove(action);
    }

    @Override
    public String toString() {
        return "UserClient[" + entry.name() + " of " + owner.name() + (closed.get() ? ", closed]" : "]");
    }
}
