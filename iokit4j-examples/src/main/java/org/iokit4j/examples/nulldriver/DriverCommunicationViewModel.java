package org.iokit4j.examples.nulldriver;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sample app's view model, {@code DriverCommunicationViewModel.swift}, ported: whether the dext is connected,
 * the connection, and the one line of state the app displays after each action. It is the {@code refcon} that
 * {@link UserClientCommunication} hands back to the Swift functions it calls ({@code SwiftDeviceAdded},
 * {@code SwiftDeviceRemoved}, {@code SwiftAsyncCallback}).
 *
 * <p>The state machine, as in the sample: sending a request goes to {@link State#waiting}; a call that returns
 * (or an async callback) goes to {@link State#success}; a failed call to {@link State#error}. Note that an
 * assigned callback or an async request leaves the state at {@code waiting} until the dext's callback arrives.
 *
 * <p>Ported from Apple's sample "Communicating between a DriverKit extension and a client app", as published in
 * {@code mihaelamj/cupertino-sample-code}, {@code driverkit-communicating-between-a-driverkit-extension-and-a-client-app/
 * DriverKitUserClientSample/DriverKitSampleApp/DriverCommunicationViewModel.swift}. SwiftUI's {@code @Published}
 * is an {@link #observer} the view sets; {@code Unmanaged.passRetained(self).toOpaque()} is a number in a table
 * of live view models; {@code deinit} is {@link #close()}.
 *
 * <p>Concurrency: used on the thread that made it (the thread whose run loop delivers its callbacks), as the
 * sample's main-thread view model is.
 */
public final class DriverCommunicationViewModel implements AutoCloseable {
    private static final Map<Long, DriverCommunicationViewModel> OPAQUE = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT_OPAQUE = new AtomicLong(0x5eed_0000L);

    /** {@code DriverCommunicationStateMachine.State}. */
    public enum State { unknown, waiting, success, noCallback, error }

    /** {@code DriverCommunicationStateMachine.Event}. */
    public enum Event { sentRequest, returned, failed, foundNoCallback }

    /** Whether the dext is connected (a first-match notification opened it; a terminated one ends it). */
    public boolean isConnected;
    /** The open connection to NullDriver, or 0. */
    public int connection;

    private final long opaqueSelf;
    private State state = State.unknown;
    private Runnable observer = () -> { };

    /** {@code init()}: registers itself as the refcon and lets the C code set up the IOKit calls. */
    public DriverCommunicationViewModel() {
        // Create a reference to this view model so the C code can call back to it.
        this.opaqueSelf = NEXT_OPAQUE.incrementAndGet();
        OPAQUE.put(opaqueSelf, this);

        // Let the C code set up the IOKit calls.
        UserClientCommunication.UserClientSetup(opaqueSelf);
    }

    /** {@code DriverCommunicationStateMachine.process}: the event alone decides the next state. */
    static State process(State state, Event event) {
        return switch (event) {
            case sentRequest -> State.waiting;
            case returned -> State.success;
            case failed -> State.error;
            case foundNoCallback -> State.noCallback;
        };
    }

    /** {@return the state line the app displays} */
    public String stateDescription() {
        return switch (state) {
            case unknown -> "Waiting for action";
            case waiting -> "Sent request, waiting for response";
            case success -> "Request returned successfully";
            case noCallback -> "Assign a callback before you send an async message";
            case error -> "Request returned an error, check the logs for details";
        };
    }

    /** {@return the current state} */
    public State state() {
        return state;
    }

    /** Sets what runs after every change the view displays (SwiftUI's {@code @Published}). */
    public void observer(Runnable observer) {
        this.observer = observer;
    }

    /** {@code deinit}: takes the last reference of the refcon and lets the C code clean up after itself. */
    @Override
    public void close() {
        OPAQUE.remove(opaqueSelf);
        UserClientCommunication.UserClientTeardown();
    }

    // @_silgen_name("SwiftAsyncCallback"): the C callback's args as bytes, numArgs * 8 of them.
    static void SwiftAsyncCallback(long refcon, int result, long[] args, int numArgs) {
        final DriverCommunicationViewModel viewModel = OPAQUE.get(refcon);
        if (viewModel == null) {
            return;
        }
        final ByteBuffer argsBuffer = ByteBuffer.allocate(numArgs * 8).order(ByteOrder.nativeOrder());
        for (int index = 0; index < numArgs; index++) {
            argsBuffer.putLong(args[index]);
        }
        viewModel.LocalAsyncCallback(result, argsBuffer.array());
    }

    // @_silgen_name("SwiftDeviceAdded")
    static void SwiftDeviceAdded(long refcon, int connection) {
        final DriverCommunicationViewModel viewModel = OPAQUE.get(refcon);
        if (viewModel != null) {
            viewModel.isConnected = true;
            viewModel.connection = connection;
            viewModel.observer.run();
        }
    }

    // @_silgen_name("SwiftDeviceRemoved")
    static void SwiftDeviceRemoved(long refcon) {
        final DriverCommunicationViewModel viewModel = OPAQUE.get(refcon);
        if (viewModel != null) {
            viewModel.isConnected = false;
            viewModel.observer.run();
        }
    }

    void LocalAsyncCallback(int result, byte[] data) {
        setState(process(state, Event.returned));
    }

    private void ProcessResult(boolean didWork) {
        setState(process(state, didWork ? Event.returned : Event.failed));
    }

    /** The "Unchecked / Scalar" button. */
    public void SwiftUncheckedScalar() {
        setState(process(state, Event.sentRequest));
        ProcessResult(UserClientCommunication.UncheckedScalar(connection));
    }

    /** The "Unchecked / Struct" button. */
    public void SwiftUncheckedStruct() {
        setState(process(state, Event.sentRequest));
        ProcessResult(UserClientCommunication.UncheckedStruct(connection));
    }

    /** The "Unchecked / Large Struct" button. */
    public void SwiftUncheckedLargeStruct() {
        setState(process(state, Event.sentRequest));
        ProcessResult(UserClientCommunication.UncheckedLargeStruct(connection));
    }

    /** The "Checked / Scalar" button. */
    public void SwiftCheckedScalar() {
        setState(process(state, Event.sentRequest));
        ProcessResult(UserClientCommunication.CheckedScalar(connection));
    }

    /** The "Checked / Struct" button. */
    public void SwiftCheckedStruct() {
        setState(process(state, Event.sentRequest));
        ProcessResult(UserClientCommunication.CheckedStruct(connection));
    }

    /** The "Async / Assign Callback" button: stays {@code waiting} until the dext's callback arrives. */
    public void SwiftAssignAsyncCallback() {
        setState(process(state, Event.sentRequest));
        final boolean didSubmit = UserClientCommunication.AssignAsyncCallback(opaqueSelf, connection);
        if (!didSubmit) {
            setState(process(state, Event.failed));
        }
    }

    /** The "Async / Async Action" button: stays {@code waiting} until the dext's callback arrives. */
    public void SwiftSubmitAsyncRequest() {
        setState(process(state, Event.sentRequest));
        final boolean didSubmit = UserClientCommunication.SubmitAsyncRequest(connection);
        if (!didSubmit) {
            setState(process(state, Event.failed));
        }
    }

    private void setState(State next) {
        state = next;
        observer.run();
    }
}
