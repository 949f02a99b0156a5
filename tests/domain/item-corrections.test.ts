/** Corrections and retractions on an item stream, as the item decider judges the next command. */
import { describe, it } from 'vitest';
import { on } from './decider-spec.js';
import { idFor, markedComplete, meta, ragChanged, received } from './fixtures.js';
import { changeRag, markComplete, spec } from './item-commands.js';

describe('corrections change what the next command is judged against', () => {
  const completion = idFor('completion');
  const rating = idFor('rating');
  it('a retracted completion leaves the item open', () => {
    spec
      .given([
        received(),
        on('2011-05-01', markedComplete(), completion),
        {
          type: 'EntryRetracted',
          data: { retractsEventId: completion, reason: 'Recorded against the wrong item' },
        },
      ])
      .when(markComplete('2011-06-01'))
      .then([markedComplete()]);
  });
  it('a corrected rating is the current one', () => {
    spec
      .given([
        received(),
        on('2011-05-01', ragChanged('AMBER'), rating),
        {
          type: 'EntryCorrected',
          data: { correctsEventId: rating, fields: { to: 'RED' }, effectiveOn: null, reason: 'Typo' },
        },
      ])
      .when(changeRag('RED', '2011-06-01'))
      .thenThrows('item.rag_unchanged', 'data.to');
  });
  it('works on item streams only once the item exists', () => {
    const command = {
      type: 'RetractEntry' as const,
      data: { retractsEventId: rating, reason: 'wrong' },
      metadata: meta(),
    };
    spec.given().when(command).thenNotFound();
  });
});
