/**
 * Memory that can be shared between tasks: owner-only file-backed regions, anonymous ones that go with their process
 * and shareable ones another process of the same user opens, their mappings, and each task's address map.
 */
package org.iokit4j.memory;
