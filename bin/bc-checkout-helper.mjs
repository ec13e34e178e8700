#!/usr/bin/env node
// bc-checkout-helper's command line:
//   bc-checkout-helper sandbox [flags]                         the sandbox store, for tests (--help lists its settings)
//   bc-checkout-helper protect --config protect.json            print the snippet and the two API payloads
//   bc-checkout-helper protect --config protect.json --install  install them with the server stub's BC_* env
//   bc-checkout-helper protect --config protect.json --check URL [--page-type T] [--id N] [--entity-url U]
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

const USAGE = `Usage:
  bc-checkout-helper sandbox [flags]
      Runs the sandbox store, an offline BigCommerce stand-in, and prints the variables for your server stub.
      bc-checkout-helper sandbox --help lists its variables and flags; docs/testing.md shows it in tests.
  bc-checkout-helper protect --config protect.json [--json]
      Prints the Script Manager snippet, the Sites & Routes payload and the Scripts API payload.
  bc-checkout-helper protect --config protect.json --install
      Installs the routes and the script with the server stub's credentials (BC_STORE_HASH, BC_ACCESS_TOKEN,
      BC_CLIENT_ID, BC_CLIENT_SECRET, BC_CHANNEL_ID, BC_API_URL, BC_STORE_URL, SESSION_SECRET).
  bc-checkout-helper protect --config protect.json --check URL [--page-type T] [--id N] [--entity-url U]
      Says where a shopper on that hosted page would be sent, and why.
The config format is in docs/site-protection.md.`;

class UsageError extends Error {
  constructor(message, { showUsage = false } = {}) {
    super(message);
    this.showUsage = showUsage;
  }
}

async function main(argv) {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') return console.log(USAGE);
  if (command === 'sandbox') {
    const { runSandboxCommand } = await import('../sandbox/command-line.js');
    return runSandboxCommand(process.env, rest);
  }
  if (command !== 'protect') throw new UsageError(`unknown command "${command}"`, { showUsage: true });
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        config: { type: 'string', short: 'c' },
        install: { type: 'boolean' },
        check: { type: 'string' },
        'page-type': { type: 'string' },
        id: { type: 'string' },
        'entity-url': { type: 'string' },
        cookies: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error.message, { showUsage: true });
  }
  if (values.help) return console.log(USAGE);
  if (!values.config) throw new UsageError('--config is required (a protect.json file)', { showUsage: true });
  let configText;
  try {
    configText = await readFile(values.config, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${values.config}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  }

  const { loadProtection } = await import('../dist/protect-node.js');
  const protection = await loadProtection();
  const named = (error) => (error.code === 'invalid_protection_config' ? new UsageError(`${values.config}: ${error.message}`) : error);

  if (values.check !== undefined) {
    let decision;
    try {
      decision = protection.decide({ url: values.check, pageType: values['page-type'], id: values.id, entityUrl: values['entity-url'], cookies: values.cookies }, configText);
    } catch (error) {
      throw named(error);
    }
    if (values.json) return console.log(JSON.stringify(decision, null, 2));
    console.log(decision.target ? `redirect to ${decision.target}` : 'stay on the hosted page');
    return console.log(`  reason: ${decision.reason} (${decision.message}); page taken for: ${decision.pageType}`);
  }

  let artifacts;
  try {
    artifacts = protection.artifacts(configText);
  } catch (error) {
    throw named(error);
  }
  if (values.install) return install(artifacts, JSON.parse(configText));
  if (values.json) return console.log(JSON.stringify(artifacts, null, 2));
  const { gzipSync } = await import('node:zlib');
  console.log(`# Script Manager snippet (${artifacts.snippet.length} bytes, ${gzipSync(artifacts.snippet).length} gzip): location head, all storefront pages`);
  console.log(artifacts.snippet);
  console.log('\n# PUT /v3/sites/{site_id}/routes (the headless channel\'s site)');
  console.log(JSON.stringify(artifacts.routes, null, 2));
  console.log('\n# POST /v3/content/scripts');
  console.log(JSON.stringify(artifacts.script, null, 2));
}

async function install(artifacts, config) {
  const { loadConfig, ConfigError } = await import('../server/config.js');
  const { createUpstream, UpstreamError } = await import('../server/bigcommerce-client.js');
  const { installProtection } = await import('../server/protection-install.js');
  let serverConfig;
  try {
    serverConfig = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`--install uses the server stub's environment: ${error.message}`);
    throw error;
  }
  try {
    const result = await installProtection({
      artifacts,
      headlessOrigin: config.headlessOrigin,
      channelId: serverConfig.channelId,
      upstream: createUpstream(serverConfig),
    });
    console.log(`routes: ${result.routes.created} created, ${result.routes.updated} updated on site ${result.siteId} (${result.siteUrl})`);
    console.log(`script: ${result.script.action} (${result.script.uuid}) on channel ${artifacts.script.channel_id}; BigCommerce caches scripts for about 20 seconds`);
    for (const warning of result.warnings) console.log(`warning: ${warning}`);
  } catch (error) {
    if (error instanceof UpstreamError) {
      const detail = error.body?.title ?? (error.status === 0 ? 'the store did not answer' : '');
      throw new UsageError(`BigCommerce answered ${error.status}${detail ? `: ${detail}` : ''}${error.status === 403 ? ' (does the API account have the Sites & Routes and Content modify scopes?)' : ''}`);
    }
    throw error;
  }
}

main(process.argv.slice(2)).catch((error) => {
  if (error instanceof UsageError) {
    console.error(`bc-checkout-helper: ${error.message}`);
    if (error.showUsage) console.error(`\n${USAGE}`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
