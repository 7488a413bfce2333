package org.iokit4j.mig;

import java.util.Map;

/**
 * One registry entry as a registry walk answers it ({@link IOKitServer#registryWalk}): plain values only.
 *
 * @param id         the entry's registry entry ID.
 * @param providerId its provider's ID, or 0 for a root.
 * @param name       its name in the service plane.
 * @param ioClass    its kernel class ({@code IOClass}).
 * @param state      its life-cycle state ({@code registered}, {@code inactive}, …), lower case.
 * @param properties a copy of its properties.
 */
public record RegistryNode(long id, long providerId, String name, String ioClass, String state,
                           Map<String, Object> properties) {
}
