/**
 * Typed models of libvirt's XML documents: one {@link org.kvmstack.virt.xml.XmlWriter} that escapes every value,
 * one {@link org.kvmstack.virt.xml.XmlReader} that parses, and small immutable records per element (sub-packages
 * {@code domain}, {@code network}, {@code storage}, {@code nwfilter}). No policy lives here: the models say what
 * a document contains, never which disk bus or CPU mode to choose.
 */
package org.kvmstack.virt.xml;
