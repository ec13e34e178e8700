// The sandbox's own redirects stay on its own site: a same-origin sign-in whose redirect_to folds into another
// host ("/.//evil.example/" parses to the path "//evil.example/") lands on the account page instead. Merchants
// run the sandbox in their own tests, so it is held to what a real store must do.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startStack } from './harness.mjs';

let stack;
before(async () => { stack = await startStack(); });
after(() => stack?.stop());

const HOSTILE = ['/.//evil.example/', '//evil.example/', '/..//evil.example/', '/%2e//evil.example', '/\\evil.example', 'https://evil.example/', '/a/../..//evil.example'];

for (const target of HOSTILE) {
  test(`attack: sign-in with redirect_to=${target} stays on the store`, async () => {
    const response = await fetch(`${stack.sandboxUrl}/login.php`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: stack.sandboxUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login_email: 'shopper@example.com', login_pass: 'Sandbox-Passw0rd!', redirect_to: target }),
    });
    assert.ok(response.status >= 300 && response.status < 400, `a redirect, got ${response.status}`);
    const location = response.headers.get('location');
    assert.ok(location.startsWith('/') && !location.startsWith('//') && !location.includes('\\'), `Location: ${location}`);
    assert.equal(new URL(location, stack.sandboxUrl).origin, stack.sandboxUrl);
  });
}

test('a path on the store is still honoured', async () => {
  const response = await fetch(`${stack.sandboxUrl}/login.php`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: stack.sandboxUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login_email: 'shopper@example.com', login_pass: 'Sandbox-Passw0rd!', redirect_to: '/account.php?tab=orders' }),
  });
  assert.equal(response.headers.get('location'), '/account.php?tab=orders');
});
