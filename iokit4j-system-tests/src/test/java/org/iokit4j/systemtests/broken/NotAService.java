package org.iokit4j.systemtests.broken;

/** Named as an IOUserClass but not an IOService: the kernel must refuse to make it. */
public class NotAService {
}
