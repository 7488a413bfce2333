/** Apple's sample "Communicating between a DriverKit extension and a client app": NullDriver and its app, ported. */
package org.iokit4j.examples.nulldriver;
