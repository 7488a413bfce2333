/** DriverKit with Apple's names: a dext ports to Java line by line; the runtime that hosts it lives here too. */
package org.iokit4j.driverkit;
