// `bc-checkout-helper protect theme`: BigCommerce's options 2, 4 and 5 for keeping shoppers on the headless
// site (BigCommerce docs, "Headless checkout", ways to keep shoppers off the hosted store) applied to a Stencil
// theme folder, and taken out again.
//   hide-links  the back links of the cart, checkout and order confirmation pages ({{urls.home}}) lead to the
//               headless home page the core picks for the store's home page
//   wrap        every layout renders the hosted page only where the core keeps it, or for the allowed
//               customer groups; everyone else gets a redirect page
//   replace     every layout renders a redirect page, except where the core keeps the page
// Each change is a marked block with a hash of what was written, so --revert can take exactly it out and a
// block edited by hand is refused instead of overwritten.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { decisionPartial, redirectPartial } from './stencil-decision.mjs';

export const MODES = ['hide-links', 'wrap', 'replace'];
const OWN_FOLDER = 'templates/components/bc-checkout-helper';
const DECISION = `${OWN_FOLDER}/decision.html`;
const REDIRECT = `${OWN_FOLDER}/redirect.html`;
// Cornerstone's pages that carry the back links: templates/pages/cart.html ("Continue shopping"), and the
// checkout and order confirmation headers (the store logo links to {{urls.home}}).
const BACK_LINK_PAGES = ['templates/pages/cart.html', 'templates/pages/checkout.html', 'templates/pages/order-confirmation.html'];
const HOME_URL = /\{\{\s*urls\.home\s*\}\}/g;

/** A theme problem, always naming the file and the reason. */
export class ThemeError extends Error {
  constructor(file, reason) {
    super(`${file}: ${reason}`);
    this.file = file;
    this.code = 'theme_error';
  }
}

const hash = (text) => createHash('sha256').update(text).digest('hex').slice(0, 16);
const MARK = 'bc-checkout-helper protect theme';

// --- layouts (wrap, replace) ------------------------------------------------------------------------------

// {{!-- ... --~}} and {{else~}} drop the line breaks the block adds, so a page that stays renders byte for
// byte as before. The block carries its mode and a hash of its own text (the begin and end lines).
function layoutBlock(mode) {
  const head = `{{> components/bc-checkout-helper/decision}}{{#if (getVar "bcch_target")}}{{> components/bc-checkout-helper/redirect}}{{else}}`;
  const tail = `{{/if}}{{!-- ${MARK} end --~}}\n`;
  const sum = hash(`${mode}\n${head}\n${tail}`);
  return { begin: `{{!-- ${MARK}: ${mode} ${sum}; "protect theme --revert" takes it out --~}}\n${head}`, tail };
}

const BEGIN_LINE = new RegExp(`^\\{\\{!-- ${MARK}: (wrap|replace) ([0-9a-f]{16}); [^\\n]*--~\\}\\}\\n`);

function unwrapLayout(file, text) {
  const m = BEGIN_LINE.exec(text);
  if (!m) {
    if (text.includes(MARK)) throw new ThemeError(file, `the ${MARK} block was changed by hand (its first line is not as written): restore it or remove the block, then run again`);
    return null;
  }
  const [, mode] = m;
  const { begin, tail } = layoutBlock(mode);
  const afterBegin = text.slice(m[0].length);
  const head = begin.slice(begin.indexOf('\n') + 1);
  // The original may start with whitespace: then the head ends without "~".
  const heads = [head.replace(/\{\{else\}\}$/, '{{else~}}\n'), head];
  const usedHead = heads.find((h) => afterBegin.startsWith(h));
  if (!usedHead || !text.endsWith(tail) || hash(`${mode}\n${head}\n${tail}`) !== m[2]) {
    throw new ThemeError(file, `the ${MARK} block was changed by hand since it was written: restore it or remove the block, then run again`);
  }
  return { mode, original: afterBegin.slice(usedHead.length, afterBegin.length - tail.length) };
}

function wrapLayout(mode, original) {
  const { begin, tail } = layoutBlock(mode);
  // When the original starts with markup, {{else~}} and a line break keep the layout readable.
  const head = /^\s/.test(original) ? begin : begin.replace(/\{\{else\}\}$/, '{{else~}}\n');
  return `${head}${original}${tail}`;
}

// Stencil layouts are whole HTML documents (Cornerstone's layout/base.html and layout/empty.html); anything
// else under templates/layout/ is not something this command knows how to wrap safely.
function checkLayout(file, text) {
  if (!/<html[\s>]/i.test(text) || !/<\/html>/i.test(text)) {
    throw new ThemeError(file, 'a layout this command does not recognise (not a whole HTML document with <html> and </html>): wrap it by hand or move it out of templates/layout/');
  }
}

// --- back links (hide-links) ----------------------------------------------------------------------------------

const LINK = new RegExp(`\\{\\{!-- ${MARK}: hide-links ([0-9a-f]{16}) was (\\{\\{[^}]*\\}\\}) --\\}\\}([^{]*)\\{\\{!-- ${MARK} end --\\}\\}`, 'g');

function linkBlock(original, target) {
  const sum = hash(`hide-links\n${original}\n${target}`);
  return `{{!-- ${MARK}: hide-links ${sum} was ${original} --}}${target}{{!-- ${MARK} end --}}`;
}

function unlink(file, text) {
  let found = false;
  const restored = text.replace(LINK, (all, sum, original, target) => {
    if (hash(`hide-links\n${original}\n${target}`) !== sum) {
      throw new ThemeError(file, `a ${MARK} back link was changed by hand since it was written: restore it or remove the block, then run again`);
    }
    found = true;
    return original;
  });
  if (restored.includes(MARK)) throw new ThemeError(file, `a ${MARK} back link was changed by hand (its markers are not as written): restore it or remove the block, then run again`);
  return found ? restored : null;
}

// --- the theme folder -------------------------------------------------------------------------------------

function listFiles(root, folder) {
  const dir = join(root, folder);
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(root, join(folder, name)));
    else if (name.endsWith('.html')) out.push(relative(root, path).split(sep).join('/'));
  }
  return out;
}

/** The theme's templates that this command reads, or a ThemeError when the folder is not a Stencil theme. */
export function readTheme(root) {
  const name = (p) => join(root, p);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new ThemeError(root, 'not a folder');
  if (!existsSync(name('config.json'))) throw new ThemeError(root, 'not a Stencil theme (no config.json)');
  try {
    JSON.parse(readFileSync(name('config.json'), 'utf8'));
  } catch (error) {
    throw new ThemeError(join(root, 'config.json'), `not a Stencil theme config (${error.message})`);
  }
  const layouts = listFiles(root, 'templates/layout');
  if (!layouts.length) throw new ThemeError(root, 'not a Stencil theme (no templates/layout/*.html)');
  if (!existsSync(name('templates/pages'))) throw new ThemeError(root, 'not a Stencil theme (no templates/pages/)');
  const files = new Map();
  for (const file of [...layouts, ...BACK_LINK_PAGES, DECISION, REDIRECT]) {
    if (existsSync(name(file))) files.set(file, readFileSync(name(file), 'utf8'));
  }
  return { root, layouts, files };
}

/** The theme's files with any change of ours taken out, and the mode that was applied (or null). */
function withoutOurChanges(theme) {
  const files = new Map(theme.files);
  const modes = new Set();
  for (const file of theme.layouts) {
    const unwrapped = unwrapLayout(file, files.get(file));
    if (unwrapped) {
      files.set(file, unwrapped.original);
      modes.add(unwrapped.mode);
    }
  }
  for (const file of BACK_LINK_PAGES) {
    if (!files.has(file)) continue;
    const restored = unlink(file, files.get(file));
    if (restored !== null) {
      files.set(file, restored);
      modes.add('hide-links');
    }
  }
  for (const file of [DECISION, REDIRECT]) {
    if (!files.has(file)) continue;
    const text = files.get(file);
    const m = /^\{\{!-- bc-checkout-helper protect theme: generated ([0-9a-f]{16}) --\}\}\n/.exec(text);
    if (!m || hash(text.slice(m[0].length)) !== m[1]) {
      throw new ThemeError(file, `this generated file was changed by hand since it was written: restore it or delete it, then run again`);
    }
    files.delete(file);
  }
  if (modes.size > 1) throw new ThemeError(theme.root, `carries more than one protection (${[...modes].join(', ')}): run --revert first`);
  return { files, mode: [...modes][0] ?? null };
}

const generated = (text) => `{{!-- bc-checkout-helper protect theme: generated ${hash(text)} --}}\n${text}`;

/**
 * What the theme's files become.
 * @param {object} theme from readTheme
 * @param {{ mode?: string, revert?: boolean, config?: object, allowGroups?: string[], snippet?: string, homeTarget?: string }} options
 * @returns {{ changes: Array<{ file: string, before: string | null, after: string | null }>, previousMode: string | null }}
 */
export function planTheme(theme, { mode, revert = false, config, allowGroups = [], snippet, homeTarget }) {
  const clean = withoutOurChanges(theme);
  const after = new Map(clean.files);
  if (!revert) {
    if (clean.mode && clean.mode !== mode) {
      throw new ThemeError(theme.root, `is protected with --mode ${clean.mode}: run --revert first to change to --mode ${mode}`);
    }
    if (mode === 'hide-links') {
      for (const file of BACK_LINK_PAGES) {
        if (!after.has(file)) continue;
        after.set(file, after.get(file).replace(HOME_URL, (original) => linkBlock(original, homeTarget)));
      }
    } else {
      for (const file of theme.layouts) {
        checkLayout(file, after.get(file));
        after.set(file, wrapLayout(mode, after.get(file)));
      }
      after.set(DECISION, generated(decisionPartial(config, { allowGroups: mode === 'wrap' ? allowGroups : [] })));
      after.set(REDIRECT, generated(redirectPartial(snippet, config.headlessOrigin)));
    }
  }
  const changes = [];
  for (const file of new Set([...theme.files.keys(), ...after.keys()])) {
    const before = theme.files.get(file) ?? null;
    const next = after.get(file) ?? null;
    if (before !== next) changes.push({ file, before, after: next });
  }
  return { changes, previousMode: clean.mode };
}

/** Writes the planned changes into the theme folder. */
export function applyChanges(root, changes) {
  for (const { file, after } of changes) {
    const path = join(root, file);
    if (after === null) rmSync(path);
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, after);
    }
  }
  const own = join(root, OWN_FOLDER);
  if (existsSync(own) && readdirSync(own).length === 0) rmSync(own, { recursive: true });
}

// --- --patch ------------------------------------------------------------------------------------------------

function lines(text) {
  if (text === null || text === '') return [];
  const parts = text.split('\n');
  const last = parts.pop();
  const out = parts.map((l) => ({ text: l, eol: true }));
  if (last !== '') out.push({ text: last, eol: false });
  return out;
}

// One hunk per file, from the first changed line to the last with three lines of context: what `git apply`
// and `patch -p1` take. Our changes are a block at the start and the end of a layout, or a few links, so
// one hunk stays readable.
function fileDiff(file, before, after) {
  const a = lines(before);
  const b = lines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start].text === b[start].text && a[start].eol === b[start].eol) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1].text === b[endB - 1].text && a[endA - 1].eol === b[endB - 1].eol) { endA--; endB--; }
  const from = Math.max(0, start - 3);
  const toA = Math.min(a.length, endA + 3);
  const toB = Math.min(b.length, endB + 3 - (endA + 3 - toA));
  const out = [];
  const emit = (prefix, line) => {
    out.push(`${prefix}${line.text}`);
    if (!line.eol) out.push('\\ No newline at end of file');
  };
  for (let i = from; i < start; i++) emit(' ', a[i]);
  for (let i = start; i < endA; i++) emit('-', a[i]);
  for (let i = start; i < endB; i++) emit('+', b[i]);
  for (let i = endA; i < toA; i++) emit(' ', a[i]);
  const range = (first, count) => (count === 0 ? `${first},0` : `${first + 1},${count}`);
  const countA = toA - from;
  const countB = toB - from;
  return [
    `diff --git a/${file} b/${file}`,
    ...(before === null ? ['new file mode 100644'] : after === null ? ['deleted file mode 100644'] : []),
    `--- ${before === null ? '/dev/null' : `a/${file}`}`,
    `+++ ${after === null ? '/dev/null' : `b/${file}`}`,
    `@@ -${range(countA === 0 ? from : from, countA)} +${range(countB === 0 ? from : from, countB)} @@`,
    ...out,
  ].join('\n');
}

/** The planned changes as a unified diff with a/ and b/ prefixes (`git apply` or `patch -p1` in the theme). */
export function patchOf(changes) {
  return changes.length ? `${changes.map((c) => fileDiff(c.file, c.before, c.after)).join('\n')}\n` : '';
}
