// The sandbox's state: one JSON-serialisable object, in memory, optionally mirrored to a file.
// Every change runs in a transaction: on an exception the object is restored, so a refused request never
// leaves half a change behind; on success the file is rewritten atomically (temp file in the same folder,
// fsync, rename, fsync of the folder), so a crash mid-write leaves the previous file intact.
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const STATE_FORMAT = 1;

class StateFileError extends Error {
  constructor(file, problem) {
    super(`The sandbox data file ${file} ${problem}. Move it away (or fix it) to start with fresh seed data.`);
    this.name = 'StateFileError';
  }
}

/**
 * @param {{ dataFile?: string, seed: () => object, upgrade?: (data: object) => void, ledgers?: string[] }} options
 *   `seed` builds fresh state; `upgrade` adjusts loaded state to the current options (site URL and the like).
 *   `ledgers` name append-only collections of one-time credentials (redirect tokens, used jtis, ...): they are
 *   not copied for rollback, so a transaction costs the same however many tokens were ever issued. A refused
 *   request can leave an unused credential behind, which expires like any other.
 *   `journaled` name collections too large to copy on every write (the catalog): code that changes them
 *   registers how to undo it with `undo(fn)` (the second argument of `change`).
 */
export function createStore({ dataFile, seed, upgrade = () => {}, ledgers = [], journaled = [] }) {
  let data;
  let tempCounter = 0;
  if (dataFile) {
    removeStaleTemps(dataFile);
    data = load(dataFile);
  }
  const fresh = !data;
  if (!data) data = seed();
  upgrade(data);
  if (dataFile) write(dataFile, data, ++tempCounter);

  function save() {
    if (dataFile) write(dataFile, data, ++tempCounter);
  }

  /**
   * Runs `change(data)`; keeps and saves what it did, or undoes all of it when it throws.
   * `ledgersOnly`: the change writes nothing but ledgers (issuing a redirect token), so there is nothing to
   * undo and no copy to take; the copy is most of the cost of such a request (~50 µs for the seed data alone).
   */
  function transact(change, { ledgersOnly = false } = {}) {
    if (ledgersOnly) {
      const result = change(data, () => {
        throw new Error('transact: a ledgersOnly change has nothing to undo and cannot register an undo');
      });
      save();
      return result;
    }
    const copied = (key) => !ledgers.includes(key) && !journaled.includes(key);
    const snapshot = {};
    for (const key of Object.keys(data)) if (copied(key)) snapshot[key] = data[key];
    const before = structuredClone(snapshot);
    const undos = [];
    let result;
    try {
      result = change(data, (undo) => undos.push(undo));
    } catch (error) {
      for (const key of Object.keys(data)) if (copied(key)) delete data[key];
      Object.assign(data, before);
      for (const undo of undos.reverse()) undo();
      throw error;
    }
    save();
    return result;
  }

  return { data, transact, save, fresh };
}

function load(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') return null;
    throw error;
  }
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new StateFileError(file, 'is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || parsed.format !== STATE_FORMAT) {
    throw new StateFileError(file, `is not a sandbox state file of format ${STATE_FORMAT}`);
  }
  return parsed;
}

function tempPrefix(file) {
  return `.${basename(file)}.`;
}

function write(file, data, counter) {
  const dir = dirname(file);
  const temp = join(dir, `${tempPrefix(file)}${process.pid}.${counter}.tmp`);
  const fd = openSync(temp, 'w', 0o600);
  try {
    const buffer = Buffer.from(JSON.stringify(data));
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    try { unlinkSync(temp); } catch { /* already gone */ }
    throw error;
  }
  closeSync(fd);
  renameSync(temp, file);
  // The rename is durable only once the folder entry is on disk.
  try {
    const dirFd = openSync(dir, 'r');
    try { fsyncSync(dirFd); } finally { closeSync(dirFd); }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  }
}

// A temp file left by a crash is never read: the state is only ever what the last rename put in place.
function removeStaleTemps(file) {
  const dir = dirname(file);
  const prefix = tempPrefix(file);
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) {
      try { unlinkSync(join(dir, name)); } catch { /* another process may own it */ }
    }
  }
}
