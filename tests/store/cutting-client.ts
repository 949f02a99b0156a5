import { UnavailableError } from '@eventstore/db-client';
import type { EsdbClient } from '../../src/store/eventstoredb-client.js';
import { ID_CLAIM_STREAM_PREFIX } from '../../src/store/eventstoredb-mapping.js';

/**
 * A client whose ledger-stream writes fail (the connection lost, as the client reports it)
 * after `writes` of them succeeded: an append cut off between two batches. Works over the
 * fake server and a real client alike. Id claims are not counted.
 */
export function cuttingClient(client: EsdbClient, writes: number): EsdbClient {
  let left = writes;
  const append: EsdbClient['appendToStream'] = (stream, events, options) => {
    if (!stream.startsWith(ID_CLAIM_STREAM_PREFIX)) {
      if (left <= 0) return Promise.reject(new UnavailableError(undefined));
      left--;
    }
    return client.appendToStream(stream, events, options);
  };
  return {
    appendToStream: append,
    readStream: client.readStream.bind(client),
    readAll: client.readAll.bind(client),
    subscribeToAll: client.subscribeToAll.bind(client),
    dispose: client.dispose.bind(client),
  };
}
