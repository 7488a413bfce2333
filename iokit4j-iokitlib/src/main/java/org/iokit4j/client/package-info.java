/** The Java layer: services, connections and method calls as objects, failures as exceptions that explain. */
package org.iokit4j.client;
