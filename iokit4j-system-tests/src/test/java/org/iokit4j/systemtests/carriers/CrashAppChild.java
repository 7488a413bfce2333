package org.iokit4j.systemtests.carriers;

import org.iokit4j.client.Connection;
import org.iokit4j.client.IOKit;
import org.iokit4j.client.NotificationPort;
import org.iokit4j.dispatch.DispatchQueue;
import org.iokit4j.systemtests.crash.CrashUserClient;

/**
 * An app in a child JVM (reaching the daemon through {@code IOKIT4J_KERNEL}) that opens the crash dext's driver, leaves
 * an async call pending, prints {@code ready} and waits to be killed (issue 10 §4: "an app that dies").
 */
public final class CrashAppChild {
    private CrashAppChild() {
    }

    public static void main(String[] args) throws Exception {
        final Connection connection = IOKit.system().open(IOKit.nameMatching(DriverServerCrashTest.DRIVER));
        final NotificationPort port = IOKit.system().notificationPort().dispatchOn(DispatchQueue.create("child"));
        connection.call(CrashUserClient.kKeep).invokeAsync(port);
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the kill
        }
    }
}
