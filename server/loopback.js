/**
 * Whether `hostname` (a WHATWG URL's hostname, which writes every IPv4 and IPv6 address one way) is this machine:
 * localhost, any 127.x.y.z or [::1]. Plain http is acceptable there only, for local testing. The core applies
 * the same rule to the store origins and checkout URLs it checks (isLoopbackHost, wasm/core/src/url.cpp).
 */
export function isLoopbackHostname(hostname) {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/.test(hostname);
}
