/** The driver catalogue: personalities matched against registered providers, drivers made and started. */
package org.iokit4j.kernel.catalogue;
