/**
 * The embedded runtime in one module, as {@code org.iokit4j:iokit4j} is in one dependency: the client side
 * ({@code org.iokit4j.iokitlib}: IOKitLib and the Java layer), the embedded kernel ({@code org.iokit4j.kernel}) and
 * the DriverKit runtime that hosts dexts ({@code org.iokit4j.driverkit}), each required transitively, and with them
 * {@code org.iokit4j.core}. It has no packages of its own.
 *
 * <p>On the class path this descriptor is ignored and the dependency simply brings the four jars. On the module
 * path, {@code requires org.iokit4j.embedded} (or {@code --add-modules org.iokit4j.embedded}) resolves all of
 * them; an app that requires only {@code org.iokit4j.iokitlib} gets the kernel and the DriverKit runtime by service
 * binding, as long as their jars are on the module path.
 */
module org.iokit4j.embedded {
    requires transitive org.iokit4j.driverkit;
    requires transitive org.iokit4j.iokitlib;
    requires transitive org.iokit4j.kernel;
}
