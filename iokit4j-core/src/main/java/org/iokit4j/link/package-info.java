/**
 * The link between the kernel and a driver server in a process of its own (issue 10): {@link
 * org.iokit4j.link.Link}, a two-way call link whose nested calls reach the waiting thread, and {@link
 * org.iokit4j.link.DextProtocol}, the IIG methods each side calls on the other over it.
 */
package org.iokit4j.link;
