import { describe, expect, it } from 'vitest';
import {
  DISPLAY_TOKEN_STORAGE_KEY,
  bearerHeaders,
  readStoredDisplayToken,
  storeDisplayToken,
  takeDisplayTokenFromUrl,
} from './display-token.js';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

describe('takeDisplayTokenFromUrl', () => {
  it('returns null when the URL has no token', () => {
    expect(takeDisplayTokenFromUrl('https://wardpulse.example/wall/trust/RX4?rotate=1')).toBeNull();
  });

  it('takes the token and keeps the rest of the URL', () => {
    expect(takeDisplayTokenFromUrl('https://wardpulse.example/wall/trust/RX4?rotate=1&token=abc.def#top')).toEqual({
      token: 'abc.def',
      cleanedHref: '/wall/trust/RX4?rotate=1#top',
    });
  });

  it('leaves no empty query string behind', () => {
    expect(takeDisplayTokenFromUrl('http://localhost:5173/wall/collaborative/nenc?token=t0k')?.cleanedHref).toBe(
      '/wall/collaborative/nenc',
    );
  });

  it('treats an empty token as a request to forget the stored one', () => {
    expect(takeDisplayTokenFromUrl('http://localhost/?token=')).toEqual({ token: null, cleanedHref: '/' });
  });
});

describe('display token storage', () => {
  it('stores, reads and forgets the token', () => {
    const storage = memoryStorage();
    expect(readStoredDisplayToken(storage)).toBeNull();
    expect(storeDisplayToken(storage, 'secret')).toBe(true);
    expect(storage.getItem(DISPLAY_TOKEN_STORAGE_KEY)).toBe('secret');
    expect(readStoredDisplayToken(storage)).toBe('secret');
    storeDisplayToken(storage, null);
    expect(readStoredDisplayToken(storage)).toBeNull();
  });

  it('survives storage that throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(readStoredDisplayToken(broken)).toBeNull();
    expect(readStoredDisplayToken(undefined)).toBeNull();
    const full = {
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    expect(storeDisplayToken(full, 'secret')).toBe(false);
    expect(storeDisplayToken(undefined, 'secret')).toBe(false);
  });
});

describe('bearerHeaders', () => {
  it('adds an Authorization header only when there is a token', () => {
    expect(bearerHeaders('abc')).toEqual({ Authorization: 'Bearer abc' });
    expect(bearerHeaders(null)).toEqual({});
  });
});
