package org.iokit4j.iokitlib;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.iokit4j.mach.IpcSpace;
import org.iokit4j.mach.MachMessage;
import org.iokit4j.mach.SendRight;
import org.iokit4j.wire.InterestNotificationLayout;
import org.junit.jupiter.api.Test;

/**
 * Messages the dispatcher must drop without leaving anything behind (issue 8: fuzzing; each case is also in the
 * regression corpus of {@link NotificationDispatchFuzzTest}).
 */
class MalformedNotificationDispatchTest {

    @Test
    void shouldGiveBackTheObjectNameWhenTheServiceRightCannotBeCopiedOut() {
        // issue 8: an interest message whose second right is refused by copy-out left the task holding an extra
        // reference to the notification object, one per message
        final IONotificationPortRef port = DispatchFixture.PORT;
        final IpcSpace space = ((org.iokit4j.mach.MachTask) port.caller.task()).space();
        final int names = space.size();
        final long ignored = port.counters().ignored();
        final long[] reference = {0, 0x4943_7E57_0000_0001L, 0x5EED, 3};
        final byte[] bytes = DispatchFixture.withTokensReplaced(InterestNotificationLayout.encode(reference,
                InterestNotificationLayout.kIOMessageServiceIsTerminated, 0));
        final List<SendRight> rights = List.of(DispatchFixture.right(0), DispatchFixture.right(3));

        IOKitLib.IODispatchCalloutFromMessage(null, new MachMessage(bytes, rights), port);

        assertThat(port.counters().ignored()).isEqualTo(ignored + 1);
        assertThat(space.sendUserRefs(DispatchFixture.OBJECT_NAME)).isEqualTo(1);
        assertThat(space.size()).isEqualTo(names);
        assertThat(rights).allMatch(SendRight::isReleased);
    }
}
