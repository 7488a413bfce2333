package org.iokit4j.kernel.matching;

import java.util.List;
import java.util.Map;

/**
 * A registry entry as matching sees it: its class chain, name, properties, ID, whether it is registered, and its
 * place in the service plane (provider, location, path) for {@code IOParentMatch}, {@code IOLocationMatch} and
 * {@code IOPathMatch}.
 *
 * <p>The kernel's services implement this; {@link Matching} reads nothing else. Implementations must
 * answer from a consistent snapshot for the duration of one {@link Matching#matches} call.
 */
public interface MatchCandidate {

    /**
     * {@return the names the entry answers to as a class, most derived first}
     *
     * <p>For example {@code ["IOUserService", "IOService", "IORegistryEntry", "OSObject"]}; a driver's
     * service adds its {@code IOUserClass}, by simple and fully qualified name. {@code IOProviderClass}
     * matches any name in the list, which is how "the class or any subclass" (apple-semantics.md §9) works.
     */
    List<String> classChain();

    /** {@return the registry entry name, which {@code IONameMatch} compares with} */
    String name();

    /** {@return the entry's property table, which {@code IOPropertyMatch} compares with; not modified} */
    Map<String, Object> properties();

    /** {@return the registry entry ID, unique for the kernel's lifetime} */
    long registryEntryID();

    /** {@return whether the entry has called {@code registerService} ({@code RegisterService()} in DriverKit)} */
    boolean isRegistered();

    /**
     * {@return the entry's provider as {@code IOService::getProvider} answers it, or {@code null}: what
     * {@code IOParentMatch} walks up (XNU IOService.cpp {@code matchPassive})} {@code null} at the top (the registry
     * root is no {@code IOService}) and once the entry has left the registry. By default {@code null}.
     */
    default MatchCandidate parentService() {
        return null;
    }

    /**
     * {@return the entry's location ({@code IORegistryEntry::copyLocation}), which a string {@code IOLocationMatch}
     * equals, or {@code null} if it has none (the default)}
     */
    default String location() {
        return null;
    }

    /**
     * {@return whether {@code path} (e.g. {@code IOService:/IOUserResources/Name}) leads to this entry, as
     * {@code IOPathMatch} asks: {@code IORegistryEntry::fromPath(path) == this}} By default {@code false}.
     *
     * @param path a registry path.
     */
    default boolean isAt(String path) {
        return false;
    }
}
