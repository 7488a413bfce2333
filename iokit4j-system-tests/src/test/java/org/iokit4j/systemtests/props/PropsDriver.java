package org.iokit4j.systemtests.props;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iokit4j.IOReturn;
import org.iokit4j.driverkit.IOService;
import org.iokit4j.driverkit.OSContainers;
import org.iokit4j.driverkit.OSData;
import org.iokit4j.driverkit.OSDictionary;
import org.iokit4j.driverkit.OSNumber;
import org.iokit4j.driverkit.OSString;
import org.iokit4j.systemtests.support.UserClientProvider;

/**
 * The properties dext's service: it publishes its values with {@code SetProperties} in {@code Start}, before it
 * registers, as a dext publishes what its apps read (issue 11 deliverable 2); its user clients ({@link PropsUserClient})
 * publish, remove, spawn, rename and terminate on an app's request.
 */
public class PropsDriver extends UserClientProvider {
    /** A key longer than an {@code io_name_t} carries (127 characters): 200 characters. */
    public static final String LONG_KEY = "L".repeat(200);

    @Override
    public int Start(IOService provider) {
        final OSDictionary published = OSDictionary.withCapacity(8);
        final OSString greeting = OSString.withCString("hello");
        published.setObject("Greeting", greeting);
        greeting.release();
        final OSNumber answer = OSNumber.withNumber(42, 32);
        published.setObject("Answer", answer);
        answer.release();
        final OSData blob = OSData.withBytes(new byte[] {1, 2, 3});
        published.setObject("Blob", blob);
        blob.release();
        final Map<String, Object> more = new LinkedHashMap<>();
        more.put("Flags", List.of(true, false));
        more.put("Nested", Map.of("Inner", "x"));
        more.put("Colour", "red"); // the personality says blue: the registry's own value wins a one-key read
        more.put(LONG_KEY, "long");
        final OSDictionary rest = OSContainers.fromMap(more);
        published.merge(rest);
        rest.release();
        final int ret = SetProperties(published);
        published.release();
        return ret != IOReturn.kIOReturnSuccess ? ret : super.Start(provider);
    }
}
