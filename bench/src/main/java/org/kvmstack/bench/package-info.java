/**
 * The end-to-end benchmark behind {@code bench/run}: kvmstack's figures beside raw libvirt's on the same host in
 * one run, each with its target, printed as one table and written as JSON. See docs/bench.md.
 */
package org.kvmstack.bench;
