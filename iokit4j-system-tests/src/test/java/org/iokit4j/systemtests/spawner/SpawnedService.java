package org.iokit4j.systemtests.spawner;

import org.iokit4j.systemtests.support.UserClientProvider;

/** A service the spawner makes on an app's request: it registers itself in {@code Start}, so matching sees it. */
public class SpawnedService extends UserClientProvider {
}
