// sandbox/state.js: what a transaction keeps and what it undoes, including the copy-free ledgersOnly kind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStore } from '../../sandbox/state.js';

const seed = () => ({ carts: { c1: { version: 1 } }, redirectTokens: {}, products: [{ id: 1, stock: 5 }] });
const store = () => createStore({ seed, ledgers: ['redirectTokens'], journaled: ['products'] });

test('a change that throws is undone, ledgers excepted; journaled collections undo through their undo()', () => {
  const { data, transact } = store();
  assert.throws(() => transact((state, undo) => {
    state.carts.c1.version = 2;
    state.carts.c2 = { version: 1 };
    state.redirectTokens.t1 = { cart_id: 'c1' };
    const stock = state.products[0].stock;
    state.products[0].stock -= 1;
    undo(() => { state.products[0].stock = stock; });
    throw new Error('refused');
  }), /refused/);
  assert.deepEqual(data.carts, { c1: { version: 1 } });
  assert.deepEqual(data.products, [{ id: 1, stock: 5 }]);
  assert.deepEqual(data.redirectTokens, { t1: { cart_id: 'c1' } }, 'a ledger entry stays (it expires like any other)');
});

test('a change that succeeds is kept and its result returned', () => {
  const { data, transact } = store();
  assert.equal(transact((state) => { state.carts.c1.version = 3; return 'done'; }), 'done');
  assert.equal(data.carts.c1.version, 3);
});

test('ledgersOnly takes no copy of the state (a value that cannot be copied does not fail it) and keeps its writes', () => {
  const { data, transact } = store();
  data.carts.c1.onChange = () => {}; // structuredClone refuses functions: a copied transaction would throw
  assert.throws(() => transact(() => {}), { name: 'DataCloneError' });
  assert.equal(transact((state) => { state.redirectTokens.t2 = { cart_id: 'c1' }; return 't2'; }, { ledgersOnly: true }), 't2');
  assert.deepEqual(data.redirectTokens.t2, { cart_id: 'c1' });
});

test('a ledgersOnly change that registers an undo is a programming error, said at once', () => {
  const { transact } = store();
  assert.throws(() => transact((state, undo) => undo(() => {}), { ledgersOnly: true }), /ledgersOnly change has nothing to undo/);
});
