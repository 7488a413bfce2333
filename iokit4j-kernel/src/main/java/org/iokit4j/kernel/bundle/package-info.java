/** Driver bundles: {@code Info.plist} personalities and entitlements read from the class path. */
package org.iokit4j.kernel.bundle;
