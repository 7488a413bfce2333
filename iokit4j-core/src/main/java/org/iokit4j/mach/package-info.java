/** Mach ports: per-task name spaces, receive / send / send-once rights, dead names, no-senders, bounded queues. */
package org.iokit4j.mach;
