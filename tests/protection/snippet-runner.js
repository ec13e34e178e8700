// Runs a generated site-protection snippet against one hosted page, with a stand-in window and document
// that record what it does. A classic script (no imports): the browser tests and the benchmark inject it
// into Chromium, Node tests import it; both get globalThis.runProtectionSnippet.
globalThis.runProtectionSnippet = function runProtectionSnippet(snippetHtml, page) {
  const code = snippetHtml.replace(/^<script>/, '').replace(/<\/script>$/, '');
  let target = null;
  const style = { visibility: '' };
  const document = { cookie: page.cookies || '', documentElement: { lang: page.language || '', style } };
  const window = { location: { href: page.url, replace(url) { target = url; } } };
  window.top = page.framed ? {} : window;
  // The snippet is `(function (w, d, C, X) {...})(window, document, ...)`: these stand-ins take their place.
  new Function('window', 'document', code)(window, document);
  return { target, reason: window.bcProtection.reason, visibility: style.visibility, cookie: document.cookie };
};
