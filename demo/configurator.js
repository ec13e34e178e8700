// The demo's site-protection configurator and setup check. The configurator runs the same wasm rules as the
// CLI (bc-checkout-helper/protect, dist/protect.js) in the page, shows the decision for any hosted URL, the
// snippet and both payloads, and installs them on the sandbox store (POST /demo/protect/install, a demo-only
// route of scripts/stack.mjs). The setup check asks the server stub (GET /api/setup-check) and probes this
// browser's third-party cookies with a frame on the store.
(() => {
  const $ = (id) => document.getElementById(id);
  const logLine = (text) => {
    const item = document.createElement('li');
    item.textContent = `${new Date().toLocaleTimeString()}  ${text}`;
    $('log')?.prepend(item);
  };
  let protection = null;
  let health = null;

  function configFromForm() {
    const form = new FormData($('protect-form'));
    const routes = ['product', 'category', 'brand', 'page']
      .map((type) => ({ type, route: String(form.get(type) ?? '').trim() }))
      .filter((r) => r.route);
    return { headlessOrigin: String(form.get('headlessOrigin')).trim(), storeOrigins: [String(form.get('storeOrigin')).trim()], routes, unknown: form.get('unknown') };
  }

  function refresh() {
    if (!protection) return;
    const config = configFromForm();
    const form = new FormData($('protect-form'));
    $('protect-error').textContent = '';
    try {
      const { snippet, routes, script } = protection.artifacts(config);
      $('protect-snippet').textContent = snippet;
      $('protect-routes').textContent = JSON.stringify(routes, null, 2);
      $('protect-script').textContent = JSON.stringify(script, null, 2);
      gzipSize(snippet).then((size) => { $('protect-size').textContent = `${snippet.length} bytes, ${size} gzip`; });
      const url = String(form.get('checkUrl') ?? '').trim();
      if (url) {
        const d = protection.decide({ url, pageType: form.get('pageType') || undefined, id: form.get('id') || undefined }, config);
        $('protect-decision').textContent = d.target ? `→ ${d.target} (${d.reason}: ${d.message})` : `stays on the store (${d.reason}: ${d.message})`;
      } else {
        $('protect-decision').textContent = '';
      }
    } catch (error) {
      $('protect-error').textContent = error.message; // names the field: "routes[0].route: ..."
      for (const id of ['protect-snippet', 'protect-routes', 'protect-script', 'protect-decision', 'protect-size']) $(id).textContent = '';
    }
  }

  async function gzipSize(text) {
    if (typeof CompressionStream !== 'function') return '?';
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
    return (await new Response(stream).arrayBuffer()).byteLength;
  }

  async function install() {
    const button = $('protect-install');
    button.disabled = true;
    $('protect-installed').textContent = 'Installing…';
    try {
      const response = await fetch('/demo/protect/install', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(configFromForm()) });
      const body = await response.json();
      if (!response.ok) throw new Error(body.error?.message ?? `the install answered ${response.status}`);
      $('protect-installed').textContent = `Installed: ${body.routes.created} routes created, ${body.routes.updated} updated; script ${body.script.action}. Try a hosted page now.`;
      logLine(`site protection installed on the sandbox (script ${body.script.uuid})`);
    } catch (error) {
      $('protect-installed').textContent = error.message;
    } finally {
      button.disabled = false;
    }
  }

  // Third-party cookies: a frame on the store tries to keep a cookie and says whether it could.
  function probeCookies(storeUrl) {
    return new Promise((resolve) => {
      const frame = document.createElement('iframe');
      frame.hidden = true;
      frame.title = 'cookie check';
      const done = (result) => {
        window.removeEventListener('message', onMessage);
        frame.remove();
        resolve(result);
      };
      const onMessage = (event) => {
        if (event.origin === new URL(storeUrl).origin && event.data?.type === 'bc-setup:cookies') done(event.data);
      };
      window.addEventListener('message', onMessage);
      setTimeout(() => done(null), 5000);
      frame.src = `${storeUrl}/setup/cookie-probe`;
      document.body.append(frame);
    });
  }

  async function runSetupCheck() {
    const list = $('setup-checks');
    list.replaceChildren(Object.assign(document.createElement('li'), { textContent: 'Checking…' }));
    const [server, cookies] = await Promise.all([
      fetch(`/api/setup-check?origin=${encodeURIComponent(location.origin)}`).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`the server stub answered ${r.status}`)))).catch((error) => ({ error })),
      // The probe page exists on the sandbox store only (a loopback origin); a real store has no such page.
      /^http:\/\/(localhost|127\.0\.0\.1)(:|$)/.test(health?.storeUrl ?? '') ? probeCookies(health.storeUrl) : Promise.resolve(null),
    ]);
    if (server.error) {
      list.replaceChildren(Object.assign(document.createElement('li'), { textContent: `The setup check is not available: ${server.error.message}. Start the stub with SETUP_CHECK=true.` }));
      return;
    }
    const checks = server.checks.map((check) => {
      if (check.id !== 'third_party_cookies' || !cookies) return check;
      return cookies.allowed
        ? { ...check, status: 'ok', detail: `This browser keeps the store's cookies inside a frame. ${check.detail}` }
        : { ...check, status: 'warning', detail: `${cookies.detail ?? "This browser blocks the store's cookies inside a frame."} ${check.detail}` };
    });
    list.replaceChildren(...checks.map((check) => {
      const item = document.createElement('li');
      item.dataset.status = check.status;
      item.dataset.check = check.id;
      const title = document.createElement('strong');
      title.textContent = `${{ ok: 'OK', problem: 'Problem', warning: 'Warning', info: 'Note' }[check.status] ?? check.status}: ${check.title}`;
      const detail = document.createElement('p');
      detail.textContent = check.detail;
      item.append(title, detail);
      if (check.fix) item.append(Object.assign(document.createElement('p'), { className: 'fix', textContent: `Fix: ${check.fix}` }));
      return item;
    }));
    const problems = checks.filter((c) => c.status === 'problem').length;
    logLine(`setup check: ${problems ? `${problems} problem(s)` : 'no problems'}`);
  }

  async function start() {
    health = await fetch('/api/health').then((r) => (r.ok ? r.json() : null)).catch(() => null);
    $('protect-headless').value = location.origin;
    $('protect-store').value = health?.storeUrl ?? '';
    $('protect-url').value = health?.storeUrl ? `${health.storeUrl}/orbit-terrarium/` : '';
    $('protect-form').elements.pageType.value = 'product';
    $('protect-form').elements.id.value = '80';
    const { loadProtection } = await import('/dist/protect.js');
    protection = await loadProtection();
    $('protect-form').addEventListener('input', refresh);
    $('protect-form').addEventListener('submit', (event) => event.preventDefault());
    $('protect-install').addEventListener('click', install);
    for (const button of document.querySelectorAll('[data-copy]')) {
      button.addEventListener('click', async () => {
        const text = $(button.dataset.copy).textContent;
        try {
          await navigator.clipboard.writeText(text);
          button.textContent = 'Copied';
        } catch {
          // No clipboard permission: select the text so Ctrl+C copies it.
          getSelection().selectAllChildren($(button.dataset.copy));
          button.textContent = 'Selected: press Ctrl+C';
        }
        setTimeout(() => { button.textContent = 'Copy'; }, 2000);
      });
    }
    refresh();
    $('setup-run').addEventListener('click', runSetupCheck);
    runSetupCheck();
  }

  start().catch((error) => {
    $('protect-error').textContent = `The configurator could not start: ${error.message}`;
  });
})();
