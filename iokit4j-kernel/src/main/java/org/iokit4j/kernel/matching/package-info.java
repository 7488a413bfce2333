/** Apple's matching dictionaries: building them, checking them, and testing a service against one. */
package org.iokit4j.kernel.matching;
