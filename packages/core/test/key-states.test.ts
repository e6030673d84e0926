// The flow's bounded cache of hot keys: exact least-recently-used order kept in a linked list.
import { describe, expect, it } from 'vitest';
import { Credentials } from '../src/credentials.js';
import { KeyStates } from '../src/key-state.js';

/** Which keys a fresh lookup finds without making a new state. */
function kept(states: KeyStates, made: Map<string, object>, keys: string[]): string[] {
  return keys.filter((key) => states.peek(key) !== undefined && states.peek(key) === made.get(key));
}

describe('KeyStates', () => {
  it('drops the least recently used key, in exact order, over many hits and misses', () => {
    const states = new KeyStates(3);
    const made = new Map<string, object>();
    const use = (key: string) => made.set(key, states.get(key));
    // A reference LRU: the array's order is the recency order.
    const reference: string[] = [];
    const touch = (key: string) => {
      const at = reference.indexOf(key);
      if (at !== -1) reference.splice(at, 1);
      reference.push(key);
      if (reference.length > 3) reference.shift();
    };
    const sequence = 'a b c a d b e a a c f b d d e a c'.split(' ');
    for (const key of sequence) {
      use(key);
      touch(key);
      expect(states.size).toBe(reference.length);
      expect(kept(states, made, ['a', 'b', 'c', 'd', 'e', 'f']).sort()).toEqual([...reference].sort());
    }
  });

  it('keeps a key holding unsaved credentials, evicting the next least recently used one', () => {
    const states = new KeyStates(2);
    const a = states.get('a');
    a.unsaved = { credentials: new Credentials({ accessToken: 'x' }), markRevision: 1 };
    states.get('b');
    states.get('c'); // a is the oldest, but holds unsaved credentials: b goes
    expect(states.peek('a')).toBe(a);
    expect(states.peek('b')).toBeUndefined();
    expect(states.peek('c')).toBeDefined();
    a.unsaved = undefined;
    states.get('d'); // now a is the least recently used, and may go
    expect(states.peek('a')).toBeUndefined();
    expect(states.size).toBe(2);
  });

  it('checks a key only when it comes in; with a limit of 0 nothing stays', () => {
    const checked: string[] = [];
    const states = new KeyStates(5);
    const check = (key: string) => {
      checked.push(key);
      return key;
    };
    states.get('a', check);
    states.get('a', check);
    states.get('b', check);
    expect(checked).toEqual(['a', 'b']);
    const none = new KeyStates(0);
    expect(none.get('x').key).toBe('x');
    expect(none.size).toBe(0);
  });
});
