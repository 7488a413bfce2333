package org.iokit4j.systemtests.objects;

import org.iokit4j.systemtests.support.UserClientProvider;

/** A service whose personality sets {@code IOClassNameOverride}: the class name IOKitLib shows for it. */
public class NamedService extends UserClientProvider {
}
