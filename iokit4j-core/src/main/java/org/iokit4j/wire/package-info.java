/** Wire layouts of the messages both sides exchange: the Mach header and IOKit's notification messages. */
package org.iokit4j.wire;
