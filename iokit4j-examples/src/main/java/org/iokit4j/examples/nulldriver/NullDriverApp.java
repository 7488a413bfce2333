package org.iokit4j.examples.nulldriver;

import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopGetCurrent;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopRun;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopRunInMode;
import static org.iokit4j.iokitlib.CoreFoundation.CFRunLoopStop;
import static org.iokit4j.iokitlib.CoreFoundation.kCFRunLoopDefaultMode;
import static org.iokit4j.iokitlib.IOKitLib.IOServiceClose;

import java.util.Scanner;
import org.iokit4j.examples.nulldriver.DriverCommunicationViewModel.State;
import org.iokit4j.iokitlib.CFRunLoop;

/**
 * The NullDriver sample's app, on a console: the SwiftUI view ({@code DriverCommunicationView.swift}) drawn as
 * text, and the command-line client's menu loop ({@code CppUserClient/main.cpp}) reading what to send from
 * standard input; both drive {@link DriverCommunicationViewModel}, which calls {@link UserClientCommunication}.
 *
 * <p>Run it with {@code bash scripts/nulldriver.sh} (interactive), or feed it choices:
 * {@code printf '1\n2\n3\n4\n5\n6\n7\n0\n' | bash scripts/nulldriver.sh}. NullDriver runs embedded in the same JVM.
 * The two async choices (6, 7) run the run loop until the dext's callback arrives, five to seven seconds later, as
 * the command-line client does; between choices the app makes one pass of its run loop, so matching and
 * termination notifications show up before the view is drawn. End of input, or anything that is not a number,
 * reads as 0 (exit), as {@code scanf} leaves the selection at 0.
 *
 * <p>Ported from Apple's sample "Communicating between a DriverKit extension and a client app":
 * {@code mihaelamj/cupertino-sample-code}, {@code driverkit-communicating-between-a-driverkit-extension-and-a-client-app/
 * DriverKitUserClientSample/DriverKitSampleApp/DriverCommunicationView.swift} (what is displayed), and
 * {@code DanBurkhardt/DriverKitUserClientSample}, {@code DriverKitUserClientSample/CppUserClient/main.cpp} (the
 * menu, its wording and the run-loop wait). On exit it closes its connection, which on macOS the process's exit
 * does.
 */
public final class NullDriverApp {

    private NullDriverApp() {
    }

    /**
     * Runs the app on the calling thread (its run loop delivers every callback) until it reads 0 or the input ends.
     *
     * @param args ignored.
     */
    public static void main(String[] args) {
        final CFRunLoop runLoop = CFRunLoopGetCurrent();
        final boolean[] awaitingCallback = {false};
        try (DriverCommunicationViewModel viewModel = new DriverCommunicationViewModel()) {
            // The view redraws on every change; while it waits for the dext, the change it waits for ends the wait.
            viewModel.observer(() -> {
                if (awaitingCallback[0] && viewModel.state() != State.waiting) {
                    awaitingCallback[0] = false;
                    CFRunLoopStop(runLoop);
                }
            });
            final Scanner input = new Scanner(System.in);
            boolean runProgram = true;
            while (runProgram) {
                CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0, false); // deliver what arrived while reading input
                draw(viewModel);
                final long inputSelection = input.hasNextLong() ? input.nextLong() : 0;
                if (inputSelection != 0 && !viewModel.isConnected) {
                    System.out.print("Driver is not connected\n\n");
                    continue;
                }
                switch ((int) inputSelection) {
                    case 0 -> runProgram = false; // "Exit"
                    case 1 -> viewModel.SwiftUncheckedScalar();
                    case 2 -> viewModel.SwiftUncheckedStruct();
                    case 3 -> viewModel.SwiftUncheckedLargeStruct();
                    case 4 -> viewModel.SwiftCheckedScalar();
                    case 5 -> viewModel.SwiftCheckedStruct();
                    case 6 -> viewModel.SwiftAssignAsyncCallback();
                    case 7 -> viewModel.SwiftSubmitAsyncRequest();
                    default -> System.out.print("Invalid input, try again.\n");
                }
                if (viewModel.state() == State.waiting) {
                    System.out.print("Executing run loop while waiting for callback...\n");
                    awaitingCallback[0] = true;
                    CFRunLoopRun();
                    System.out.print("Run loop terminated, returning to standard program flow.\n");
                }
                System.out.print("\n");
            }
            if (viewModel.isConnected) {
                IOServiceClose(viewModel.connection);
            }
        }
    }

    // DriverCommunicationView's body, then main.cpp's menu.
    private static void draw(DriverCommunicationViewModel viewModel) {
        System.out.print("== Driver Communication ==\n");
        if (!viewModel.isConnected) {
            System.out.print("Driver is not connected\n");
            System.out.print("0. Exit\n");
        } else {
            System.out.print("State: " + viewModel.stateDescription() + "\n");
            System.out.print("""
                    1. Scalar
                    2. Struct
                    3. Large Struct (structureInputDescriptor flow)
                    4. Checked Scalar
                    5. Checked Struct
                    6. Assign Callback to Dext
                    7. Async Action
                    0. Exit
                    """);
        }
        System.out.print("Select a message type to send: ");
    }
}
