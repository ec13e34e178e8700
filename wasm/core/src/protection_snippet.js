// The Script Manager snippet: the same decision as site_protection.cpp, in plain JS with no wasm, run in the
// <head> of every hosted storefront page before first paint. The build strips these comment lines and the
// indentation and embeds the rest in protection_artifacts.cpp, which puts the config in place of __CONFIG__.
// C: h headless origin, s store origins (with their www. variants), r routes {type: [[matching, template]]},
//    a allow patterns (already lower-cased), k keepParams, u unknown policy (0 same-path, 1 home, 2 stay),
//    b [bypass param, bypass cookie], l default language.
// X: what Stencil's Handlebars fills in (theme object reference: the global {{page_type}}, {{product.id}}
//    and {{product.url}} on product pages, {{category.id}} and {{category.url}} on category pages,
//    {{brand.url}} on brand pages (brands have no id in context), {{page.id}} on web pages). Where nothing
//    renders the placeholders (Catalyst, or Handlebars off), they stay "{{...}}" and the URL decides.
// Anything that throws leaves the page shown where it is.
(function (w, d, C, X) {
  var E = d.documentElement, V = E.style.visibility, R;
  var show = () => { E.style.visibility = V; };
  E.style.visibility = 'hidden';
  var mp = (p) => p.replace(/%([0-9a-f]{2})/gi, (m, h) => /[\w.~-]/.test(h = String.fromCharCode(parseInt(h, 16))) ? h : m).toLowerCase();
  var sw = (s, p) => s.slice(0, p.length) == p;
  var is = (p, b) => p == b || sw(p, b + '/');
  var pat = (v, p) => p.slice(-1) == '*' ? sw(v, p.slice(0, -1)) : v == p;
  // Unrendered ("{" left in) means no context. The code never writes two opening braces in a row: Stencil
  // would read them as a Handlebars expression.
  var cx = (v) => (v = v || '').indexOf('{') < 0 ? v.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&') : '';
  var slug = (p, t) => {
    var f = t == 'brand' ? 'brands/' : t == 'blog' ? 'blog/' : '';
    p = p.replace(/^\/+|\/+$/g, '');
    if (p.length > 5 && p.slice(-5) == '.html') p = p.slice(0, -5);
    return f && mp(p.slice(0, f.length)) == f ? p.slice(f.length) : p;
  };
  var decide = () => {
    var u = new URL(w.location.href), raw = u.pathname, p = mp(raw), t = cx(X.t), id = '', sl = '', type, list = 0, e, sp = raw;
    var q = u.search.slice(1).split('&').filter(Boolean).map((x) => {
      var i = x.indexOf('=');
      return [i < 0 ? x : x.slice(0, i), i < 0 ? '' : x.slice(i + 1), x];
    });
    var par = (n) => q.find((x) => x[0] == n);
    if (C.s.indexOf(u.origin) < 0) return ['', 'not_store_page'];
    if (is(p, '/checkout') || is(p, '/embedded-checkout') || sw(p, '/login/token/') || p == '/finishorder.php' ||
        p == '/checkout.php' || is(p, '/order-confirmation') ||
        /^(checkout|orderconfirmation|order_confirmation|embedded_checkout)$/.test(t)) return ['', 'checkout'];
    var act = par('action');
    if (p == '/login.php' && act && act[1] == 'logout') return ['', 'account'];
    if (p == '/cart.php' && act) return ['', 'cart_action'];
    var bp = par(C.b[0]), ck = C.b[1];
    if (bp && bp[1] != '0') {
      d.cookie = ck + '=1; path=/; SameSite=Lax' + (u.protocol == 'https:' ? '; Secure' : '');
      return ['', 'bypass'];
    }
    if (bp) d.cookie = ck + '=; path=/; max-age=0';
    // The cookie set to anything but "" or "0" (its name is [A-Za-z0-9_-], so it needs no escaping here).
    else if (RegExp('(^|;\\s*)' + ck + '=(?!0?(;|$))').test(d.cookie)) return ['', 'bypass'];
    if (w.top != w) return ['', 'framed'];
    if (C.a.some((a) => pat(p, a))) return ['', 'allowed'];
    if (t) {
      type = /^(default|home)$/.test(t) ? 'home' : /^(product|category|brand|page|search|cart|login)$/.test(t) ? t :
        /^blog(_post)?$/.test(t) ? 'blog' : /^(createaccount|getnewpassword|forgot_password)$|^account/.test(t) ? 'account' : 'unknown';
      list = t == 'blog';
      id = cx(X[{product: 'p', category: 'c', page: 'g'}[t]]);
      if (!/^\d{1,18}$/.test(id)) id = '';
      if (e = cx(X[{product: 'P', category: 'Q', brand: 'B'}[t]])) try { sp = new URL(e).pathname; } catch (x) {}
      sl = list ? '' : slug(sp, type);
    } else {
      type = p == '/' ? 'home' : p == '/search.php' ? 'search' : p == '/cart.php' ? 'cart' :
        p == '/login.php' ? (act ? 'account' : 'login') : p == '/account.php' ? 'account' : 'unknown';
      if (p == '/blog' || p == '/blog/') { type = 'blog'; list = 1; }
      else if (sw(p, '/blog/') && !sw(p, '/blog/tag/')) type = 'blog';
      else if (sw(p, '/brands/') && p != '/brands/') type = 'brand';
      if (type != 'unknown' && !list) sl = slug(raw, type);
    }
    if (/^(home|cart|search|login|account)$/.test(type)) sl = '';
    var rs = C.r[type] || [], tg = '', why = 'route', ok = 1;
    var r = type != 'unknown' && (rs.find((x) => id && x[0] == id) || rs.find((x) => x[0] == '*'));
    if (r) {
      var f = r[1].replace(/\{(\w+)\}/g, (m, k) => {
        var v = k == 'id' ? id : k == 'slug' ? sl : E.lang || C.l;
        if (!v) ok = 0;
        return v;
      });
      if (ok) tg = C.h + f;
    } else if (type == 'home') tg = C.h + '/';
    else if (type == 'login' || type == 'account') return ['', 'account'];
    if (!tg) {
      if (C.u == 2) return ['', 'unknown'];
      tg = C.h + (C.u ? '/' : raw);
      why = C.u ? 'home' : 'same_path';
    }
    q.forEach((x) => {
      if (type == 'search' && x[0] == 'search_query' || C.k.some((k) => pat(x[0], k))) tg += (tg.indexOf('?') < 0 ? '?' : /[?&]$/.test(tg) ? '' : '&') + x[2];
    });
    return new URL(tg).origin == C.h ? [tg, why] : ['', 'bad_target'];
  };
  try { R = decide(); } catch (x) { R = ['', 'error']; }
  w.bcProtection = {target: R[0] || null, reason: R[1]};
  if (R[0]) {
    w.location.replace(R[0]);
    setTimeout(show, 3000);
  } else show();
})(window, document, __CONFIG__, {t: "{{page_type}}", p: "{{product.id}}", c: "{{category.id}}", g: "{{page.id}}", P: "{{product.url}}", Q: "{{category.url}}", B: "{{brand.url}}"});
