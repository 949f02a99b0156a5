import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import {
  DEFAULT_SQLITE_PATH,
  storeConfigFromEnv,
  storeConfigFromTarget,
} from '../../src/store/open-store.js';

describe('store selection from the environment', () => {
  it('given nothing, then the embedded file at the default path', () => {
    expect(storeConfigFromEnv({})).toEqual({ kind: 'sqlite', path: DEFAULT_SQLITE_PATH });
    expect(DEFAULT_SQLITE_PATH).toBe('./data/ledger.sqlite');
    expect(storeConfigFromEnv({ LEDGER_DB: '/srv/l.sqlite' })).toEqual({
      kind: 'sqlite',
      path: '/srv/l.sqlite',
    });
  });

  it('given LEDGER_STORE=eventstoredb and a URL, then EventStoreDB with that connection string', () => {
    const url = 'esdb://a:2113,b:2113?tls=true';
    expect(storeConfigFromEnv({ LEDGER_STORE: 'eventstoredb', EVENTSTORE_URL: url })).toEqual({
      kind: 'eventstoredb',
      connectionString: url,
    });
    expect(storeConfigFromEnv({ EVENTSTORE_URL: url })).toMatchObject({ kind: 'eventstoredb' });
    expect(storeConfigFromEnv({ LEDGER_STORE: 'sqlite', EVENTSTORE_URL: url })).toMatchObject({
      kind: 'sqlite',
    });
  });

  it('given EventStoreDB without a URL, a bad URL or an unknown store, then a ValidationError, never a fall-back', () => {
    expect(() => storeConfigFromEnv({ LEDGER_STORE: 'eventstoredb' })).toThrow(ValidationError);
    expect(() => storeConfigFromEnv({ EVENTSTORE_URL: 'http://localhost:2113' })).toThrow(ValidationError);
    expect(() => storeConfigFromEnv({ LEDGER_STORE: 'postgres' })).toThrow(ValidationError);
  });

  it('given a migrate target, then a URL means EventStoreDB and anything else a file', () => {
    expect(storeConfigFromTarget('esdb+discover://cluster:2113')).toMatchObject({ kind: 'eventstoredb' });
    expect(storeConfigFromTarget('./backup.sqlite')).toEqual({ kind: 'sqlite', path: './backup.sqlite' });
  });
});
