package org.iokit4j.systemtests.objects;

import org.iokit4j.systemtests.support.UserClientProvider;

/**
 * A nub {@link ObjectsUserClient#kSpawnGated} makes: it registers itself in {@code Start}, and matching then starts a
 * {@link GatedDriver} on it, which keeps the nub busy until the gate opens.
 */
public class GatedNub extends UserClientProvider {
}
