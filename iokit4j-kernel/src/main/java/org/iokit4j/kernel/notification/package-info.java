/** Matching and interest notifications: the kernel objects behind IOServiceAdd*Notification, and who fires them. */
package org.iokit4j.kernel.notification;
