package org.iokit4j.systemtests.spawner;

import org.iokit4j.systemtests.support.UserClientProvider;

/** The spawner dext's service: its user clients make {@link SpawnedService}s under it on an app's request. */
public class SpawnerDriver extends UserClientProvider {
}
