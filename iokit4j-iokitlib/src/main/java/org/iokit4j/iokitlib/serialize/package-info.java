/**
 * Apple's serialisation of property values, IOKitUser's {@code IOCFSerialize.c} and {@code IOCFUnserialize.yacc}
 * ported byte for byte: the XML form (and the binary one IOCFSerialize writes), behind
 * {@link org.iokit4j.iokitlib.SerializeFunctions}. Internal to the module.
 */
package org.iokit4j.iokitlib.serialize;
