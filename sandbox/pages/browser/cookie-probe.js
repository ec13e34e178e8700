// The cookie probe's browser half (pages/setup-probe.js inlines it into GET /setup/cookie-probe): set a
// cross-site-capable cookie, read it back, and post { type: 'bc-setup:cookies', allowed, storageAccess, detail }
// to the framing page. A classic script; it needs nothing from the server.
(async () => {
  // SameSite=None; Secure: what a store cookie needs to reach a frame on another site. Not Partitioned: the
  // store's checkout cookies are not, so a partition-only browser must not pass for one that keeps them.
  const name = 'bc_setup_probe';
  document.cookie = name + '=1; Path=/setup; SameSite=None; Secure';
  const allowed = document.cookie.split('; ').includes(name + '=1');
  document.cookie = name + '=; Path=/setup; Max-Age=0; SameSite=None; Secure';
  let storageAccess = null;
  try {
    if (document.hasStorageAccess) storageAccess = await document.hasStorageAccess();
  } catch {
    storageAccess = null;
  }
  let detail = allowed
    ? "This browser keeps the store's cookies in a frame on another site, so the embedded checkout can keep its session."
    : "This browser blocks the store's cookies in a frame on another site (third-party cookies are off: Safari, Chrome incognito or a privacy setting)" +
      (storageAccess === false ? ', and document.hasStorageAccess() says the frame has no storage access' : '') +
      '. The embedded checkout may then fail with "Cannot start checkout session with an empty cart"; the redirect checkout works.';
  if (window.parent === window) detail = 'This page is not in a frame, so it cannot tell: the setup check opens it in one.';
  else if (location.protocol === 'http:') detail += ' (This test store runs on plain http; a real BigCommerce store is on https.)';
  document.getElementById('result').textContent = detail;
  window.parent.postMessage({ type: 'bc-setup:cookies', allowed: allowed && window.parent !== window, storageAccess, detail }, '*');
})();
