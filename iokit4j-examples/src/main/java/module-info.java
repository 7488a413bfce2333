/**
 * Examples: the Stack Overflow question that started iokit4j (its dext and its app, ported line by line), run
 * embedded by the README's first command, and Apple's sample "Communicating between a DriverKit extension and a
 * client app" (NullDriver and its app), ported line by line; and the thermometer of docs/guide-first-dext.md.
 */
module org.iokit4j.examples {
    requires org.iokit4j.driverkit;
    requires org.iokit4j.iokitlib;
    requires org.iokit4j.kernel;

    exports org.iokit4j.examples.displayregistry;
    exports org.iokit4j.examples.nulldriver;
    exports org.iokit4j.examples.seed;
    exports org.iokit4j.examples.thermometer;
}
