// The embedded checkout's side of the Checkout SDK's message protocol: what @bigcommerce/checkout-sdk's
// IframeEmbeddedCheckoutMessenger does inside BigCommerce's own frame (EmbeddedCheckoutEventType out,
// EmbeddedContentEventType.StyleConfigured in; docs/bigcommerce-behaviour.md). A classic script, served
// by the sandbox at /embedded-checkout/embedded-checkout.js (pages/assets.js) and loaded by the embedded
// checkout page (pages/checkout-page.js), which gives it the parent's origin in
// <script type="application/json" id="checkout-config">{"parentOrigin": ...}</script>.
// It posts FRAME_LOADED {contentId: 'checkout-app'} when ready, then CHECKOUT_LOADED, SIGNED_OUT or
// CHECKOUT_ERROR as #checkout-app's data-state says, or FRAME_ERROR {message} instead of loading; it takes
// STYLE_CONFIGURED from the parent. As in checkout-js (bigcommerce/checkout-js, Checkout.tsx
// navigateToOrderConfirmation and OrderConfirmation.tsx), CHECKOUT_COMPLETE is posted by the checkout page once
// the order is placed, just before it moves to the order confirmation, which posts only FRAME_LOADED, also when
// it is reloaded; and FRAME_ERROR goes out untargeted (the SDK's IframeEmbeddedCheckoutMessenger posts it with
// { untargeted: true }), since a page that could not load may not know its parent. The SDK's iframe-resizer
// measures the elements tagged data-iframe-height. Forms are submitted with fetch and the checkout swapped in
// place, so the frame stays one document until the order confirmation, a page of its own (as on BigCommerce).
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('checkout-config').textContent);
  var parentOrigin = config.parentOrigin;
  function post(type, payload, untargeted) {
    if (window.parent === window) return;
    window.parent.postMessage(payload === undefined ? { type: type } : { type: type, payload: payload }, untargeted ? '*' : parentOrigin);
  }
  function announce(app, initial) {
    var state = app.getAttribute('data-state');
    if (state === 'error') {
      post('FRAME_ERROR', { message: app.getAttribute('data-message') || 'The checkout could not be loaded.' }, true);
      return;
    }
    if (initial) post('FRAME_LOADED', { contentId: 'checkout-app' });
    if (state === 'checkout' && initial) post('CHECKOUT_LOADED');
    if (state === 'signed-out') post('SIGNED_OUT');
    var error = app.getAttribute('data-checkout-error');
    if (error) post('CHECKOUT_ERROR', { message: error, type: app.getAttribute('data-checkout-error-type') || 'checkout_error' });
  }
  var STYLE_TARGETS = { body: 'body', text: 'p, li, td, th, dd, dt', secondaryText: '.muted', heading: 'h1, h2', secondaryHeading: 'h3, legend',
    label: 'label', link: 'a', button: 'button', submitButton: 'button[type=submit]', input: 'input, select, textarea' };
  var STYLE_PROPERTIES = ['color', 'backgroundColor', 'fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'letterSpacing', 'lineHeight',
    'textTransform', 'textDecoration', 'borderColor', 'borderRadius', 'borderWidth', 'borderStyle', 'boxShadow'];
  var sheet = null;
  function applyStyles(styles) {
    if (!styles || typeof styles !== 'object') return;
    if (!sheet) { var el = document.createElement('style'); document.head.appendChild(el); sheet = el.sheet; }
    Object.keys(STYLE_TARGETS).forEach(function (key) {
      var given = styles[key];
      if (!given || typeof given !== 'object') return;
      var rule = sheet.cssRules[sheet.insertRule(STYLE_TARGETS[key] + ' {}', sheet.cssRules.length)];
      STYLE_PROPERTIES.forEach(function (name) {
        var value = given[name];
        if (typeof value !== 'string' && typeof value !== 'number') return;
        // setProperty parses one value: nothing in a style can add rules or leave the property. The parent's
        // styles are an explicit choice, so they win over the sandbox's own stylesheet.
        rule.style.setProperty(name.replace(/[A-Z]/g, function (c) { return '-' + c.toLowerCase(); }), String(value), 'important');
      });
    });
  }
  window.addEventListener('message', function (event) {
    if (event.origin !== parentOrigin || !event.data || event.data.type !== 'STYLE_CONFIGURED') return;
    applyStyles(event.data.payload);
  });
  function focusIn(app) {
    var target = app.querySelector('[data-focus]') || app.querySelector('h1');
    if (target) { target.setAttribute('tabindex', '-1'); target.focus(); }
  }
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.hasAttribute('data-enhance') || !window.fetch || !window.DOMParser) return;
    event.preventDefault();
    var body = new URLSearchParams(new FormData(form));
    var submitter = event.submitter;
    if (submitter && submitter.name) body.set(submitter.name, submitter.value);
    var buttons = form.querySelectorAll('button');
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
    fetch(form.action, { method: 'POST', body: body, credentials: 'same-origin', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
      .then(function (response) {
        if (response.redirected && /\/order-confirmation(\/|$)/.test(new URL(response.url).pathname)) {
          post('CHECKOUT_COMPLETE');
          window.location.replace(response.url);
          return null;
        }
        return response.text().then(function (text) {
          var next = new DOMParser().parseFromString(text, 'text/html').getElementById('checkout-app');
          var current = document.getElementById('checkout-app');
          if (!next || !current) { window.location.reload(); return; }
          var imported = document.importNode(next, true);
          current.replaceWith(imported);
          announce(imported, false);
          focusIn(imported);
        });
      })
      .catch(function (error) {
        Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
        post('CHECKOUT_ERROR', { message: 'The checkout could not reach the store: ' + error.message, type: 'network_error' });
      });
  });
  // The SDK shows the frame only after FRAME_LOADED and starts the resizer at once; in a cross-site
  // (out-of-process) frame the first measurement can still see a 0-wide viewport. Measure again when the
  // frame gets its real size (iframe-resizer's child API: parentIFrame.size()).
  function remeasure() {
    if (window.parentIFrame && typeof window.parentIFrame.size === 'function' && window.innerWidth > 0) window.parentIFrame.size();
  }
  window.addEventListener('resize', remeasure);
  var app = document.getElementById('checkout-app');
  if (app) announce(app, true);
})();
