/**
 * Memory that can be shared between tasks: anonymous, owner-only file-backed regions that go with their process,
 * their mappings, and each task's address map.
 */
package org.iokit4j.memory;
