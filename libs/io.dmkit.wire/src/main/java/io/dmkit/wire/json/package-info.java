/**
 * JSON from the network, read one way everywhere: {@link io.dmkit.wire.json.StrictJson} (RFC 8259 in
 * strict UTF-8, bounded nesting, no repeated member names, nothing after the value) and
 * {@link io.dmkit.wire.json.JsonMergePatch} (RFC 7386), over Gson's tree.
 */
package io.dmkit.wire.json;
