// /login.php (sign in, ?action=logout, ?login_error= after a refused login token) and /account.php (the signed-in
// customer's page).
import { checkCredentials, customerName, findCustomer } from '../customers.js';
import { html, readForm, redirect } from '../store-http.js';
import { formatMoney } from '../money.js';
import { h, renderPage } from './layout.js';

/** A same-store path to go to after signing in; anything else falls back to /account.php (no open redirect). */
function safeLocalPath(value, fallback = '/account.php') {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || /[\\\u0000-\u001f]/.test(value)) return fallback;
  try {
    const url = new URL(value, 'http://sandbox.invalid');
    // Dot segments fold away in parsing: "/.//evil.example/" becomes the path "//evil.example/", which a
    // browser reads as another host. A path that starts with two slashes is never a path on this store.
    if (url.origin !== 'http://sandbox.invalid' || url.pathname.startsWith('//')) return fallback;
    return `${url.pathname}${url.search}`;
  } catch {
    return fallback;
  }
}

// What /login.php?login_error=<code> shows after a refused /login/token/{jwt} (login-token.js). The page shows
// only these sentences, chosen by the code: nothing from the address is written into the page.
const LOGIN_ERROR_TEXT = {
  invalid_token: 'Your sign-in link is not valid for this store.',
  expired_token: 'Your sign-in link has expired.',
  used_token: 'Your sign-in link has already been used.',
  wrong_channel: 'Your sign-in link is for another storefront of this store.',
  unknown_customer: 'Your sign-in link is for an account this store does not have.',
  wrong_ip: 'Your sign-in link was made for another network address.',
  bad_redirect: 'Your sign-in link leads to a page outside this store.',
};
const loginErrorText = (code) =>
  `${Object.hasOwn(LOGIN_ERROR_TEXT, code) ? LOGIN_ERROR_TEXT[code] : 'Your sign-in link did not work.'} Sign in with your email and password instead.`;

function loginPage(ctx, { session, error, notice, email = '', next = '', status = 200 }) {
  const body = h`<h1>Sign in</h1>
    ${notice ? h`<p class="notice ok" role="status">${notice}</p>` : ''}
    ${error ? h`<p class="notice error" role="alert" data-focus>${error}</p>` : ''}
    <form method="post" action="/login.php" class="panel">
      ${next ? h`<input type="hidden" name="redirect_to" value="${next}">` : ''}
      <label for="login_email">Email</label>
      <input id="login_email" name="login_email" type="email" autocomplete="email" value="${email}" required>
      <label for="login_pass">Password</label>
      <input id="login_pass" name="login_pass" type="password" autocomplete="current-password" required>
      <p><button type="submit">Sign in</button></p>
    </form>`;
  return html(status, renderPage(ctx, { title: 'Sign in', pageType: 'login', body, session }));
}

export function registerAccountRoutes(pages, ctx) {
  pages.add('GET', '/login.php', async ({ url, session }) => {
    if (url.searchParams.get('action') === 'logout') {
      // The Customer Login guide signs out with redirect_to "/login.php?action=logout".
      if (session) ctx.transact(() => { delete ctx.state.sessions[session.id]; });
      return redirect('/login.php?signed_out=1', 302, { 'Set-Cookie': ctx.sessions.clearCookie() });
    }
    const next = url.searchParams.get('redirect_to');
    const loginError = url.searchParams.get('login_error');
    return loginPage(ctx, {
      session,
      error: loginError === null ? '' : loginErrorText(loginError),
      notice: url.searchParams.get('signed_out') ? 'You have signed out.' : '',
      next: next ? safeLocalPath(next) : '',
    });
  });

  pages.add('POST', '/login.php', async ({ request, session }) => {
    const form = await readForm(request);
    const email = (form.get('login_email') ?? '').slice(0, 255);
    const next = safeLocalPath(form.get('redirect_to') ?? '');
    const key = `login:${email.trim().toLowerCase()}`;
    if (ctx.loginLimiter.blocked(key)) return loginPage(ctx, { session, email, error: 'Too many sign-in attempts. Wait a minute and try again.', status: 429 });
    const customerId = checkCredentials(ctx.state, { email, password: form.get('login_pass') ?? '', channelId: ctx.options.channelId });
    if (customerId === null) {
      ctx.loginLimiter.fail(key);
      return loginPage(ctx, { session, email, error: 'The email or password is not right.', status: 401 });
    }
    ctx.loginLimiter.succeed(key);
    const next_ = ctx.transact(() => ctx.sessions.signIn(request, customerId));
    return redirect(next, 303, { 'Set-Cookie': ctx.sessions.cookieFor(next_) });
  });

  pages.add('GET', '/account.php', async ({ session }) => {
    const customer = session?.customer_id ? findCustomer(ctx.state, session.customer_id) : null;
    if (!customer) return redirect('/login.php?redirect_to=%2Faccount.php', 302);
    const orders = Object.values(ctx.state.orders).filter((o) => o.customer_id === customer.id).sort((a, b) => b.id - a.id);
    const body = h`<h1>My account</h1>
      <p>Signed in as <strong class="signed-in-email">${customer.email}</strong> (${customerName(customer)}).</p>
      <h2>Orders</h2>
      ${orders.length
        ? h`<ul>${orders.map((o) => h`<li>Order ${o.id}: ${o.items_total} item${o.items_total === 1 ? '' : 's'}, ${formatMoney(o.total, o.currency_code)}</li>`)}</ul>`
        : h`<p>No orders yet.</p>`}
      <p><a href="/login.php?action=logout">Sign out</a></p>`;
    return html(200, renderPage(ctx, { title: 'My account', pageType: 'account', body, session }));
  });
}
