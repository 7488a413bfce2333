package org.iokit4j.examples.nulldriver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The ported app against the ported dext: every value Apple's sample app prints or displays, for every action
 * (issue 5 item 6). The expected values are the sample's: inputs {@code 1..16} and {@code {300, 70000}}, answers
 * {@code +1} and {@code {+1, +10}}.
 */
class NullDriverAppTest {
    private static final String STRUCT_IN = "Input: \n{\n\t.foo = 300,\n\t.bar = 70000,\n}\n";
    private static final String STRUCT_OUT = "Output: \n{\n\t.foo = 301,\n\t.bar = 70010,\n}\n";
    private static final String SCALARS = "Input of size 16: { 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 } \n"
            + "Output of size 16: { 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 } \n";
    private static final String PROMPT = "Select a message type to send: ";

    @Test
    void shouldPrintEverySampleValueForEveryAction() throws Exception {
        // 7 before 6: an async request with no callback assigned, then each action in the menu's order, then exit
        final String out = AppOutput.runApp("7\n1\n2\n3\n4\n5\n6\n7\n0\n");
        final String[] screens = out.split(java.util.regex.Pattern.quote(PROMPT), -1);
        assertThat(screens).as("one prompt per choice read, then the exit").hasSize(10);

        // UserClientCommunication.c DeviceAdded: the first-match notification, drained at setup, opens the dext
        assertThat(screens[0]).startsWith("Opened connection to dext.\n== Driver Communication ==\n"
                + "State: Waiting for action\n1. Scalar\n");

        // HandleAsyncRequest: "Callback action not available." → kIOReturnError (0xe00002bc), printed with details
        assertThat(screens[1]).isEqualTo("IOConnectCallStructMethod failed with error: 0xe00002bc.\n"
                + "\tSystem: 0x38\n\tSubsystem: 0x000\n\tCode: 0x02bc\n\n" + screen(
                "Request returned an error, check the logs for details"));

        // Unchecked scalar (selector 0): each input plus one, 16 outputs
        assertThat(screens[2]).isEqualTo(SCALARS + "\n" + screen("Request returned successfully"));
        // Unchecked struct (selector 1): {foo + 1, bar + 10}, inline
        assertThat(screens[3]).isEqualTo(STRUCT_IN + STRUCT_OUT + "\n" + screen("Request returned successfully"));
        // Large struct (selector 1, 4104 bytes, so descriptors): {0, 0, 0} gives {1, 10, 0}, the rest zero-filled
        assertThat(screens[4]).isEqualTo("Input: \n{\n\t.foo = 0,\n\t.bar = 0,\n\t.largeArray[0] = 0,\n}\n"
                + "Output: \n{\n\t.foo = 1,\n\t.bar = 10,\n\t.largeArray[0] = 0,\n}\n\n"
                + screen("Request returned successfully"));
        // Checked scalar (selector 2): the dispatch table's 16 in, 16 out
        assertThat(screens[5]).isEqualTo(SCALARS + "\n" + screen("Request returned successfully"));
        // Checked struct (selector 3): 16 bytes in and out
        assertThat(screens[6]).isEqualTo(STRUCT_IN + STRUCT_OUT + "\n" + screen("Request returned successfully"));

        // RegisterAsyncCallback (selector 4): {301, 70010} with the call, then the timer's AsyncCompletion carries
        // args {2, 301, 70010}, printed by AsyncCallback on the run loop, which ends the wait
        assertThat(screens[7]).isEqualTo(STRUCT_IN + STRUCT_OUT + "Async result should match output result.\n"
                + "Assigned callback to dext. Async actions can now be executed.\nPlease wait for the callback...\n"
                + "Executing run loop while waiting for callback...\n{\n\t.foo = 301,\n\t.bar = 70010,\n}\n"
                + "Run loop terminated, returning to standard program flow.\n\n"
                + screen("Request returned successfully"));
        // AsyncRequest (selector 5): the same answer through the saved completion, five to seven seconds later
        assertThat(screens[8]).isEqualTo("Executing run loop while waiting for callback...\n"
                + "{\n\t.foo = 301,\n\t.bar = 70010,\n}\n"
                + "Run loop terminated, returning to standard program flow.\n\n"
                + screen("Request returned successfully"));
        // 0: exit, after main.cpp's printf("\n") that ends every pass of its loop
        assertThat(screens[9]).isEqualTo("\n");
    }

    @Test
    void shouldShowInvalidChoicesAndTreatEndOfInputAsExit() throws Exception {
        // CppUserClient main.cpp: "Invalid input, try again."; scanf failing leaves the selection at 0 (exit)
        final String out = AppOutput.runApp("9\n");
        assertThat(out).contains(PROMPT + "Invalid input, try again.\n\n== Driver Communication ==\n"
                + "State: Waiting for action\n").endsWith(PROMPT + "\n");
    }

    // DriverCommunicationView's header with the view model's state, and main.cpp's menu, up to the prompt
    private static String screen(String state) {
        return "== Driver Communication ==\nState: " + state + "\n1. Scalar\n2. Struct\n"
                + "3. Large Struct (structureInputDescriptor flow)\n4. Checked Scalar\n5. Checked Struct\n"
                + "6. Assign Callback to Dext\n7. Async Action\n0. Exit\n";
    }
}
