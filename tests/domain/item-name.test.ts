import { describe, expect, it } from 'vitest';
import { itemName } from '../../src/domain/item-name.js';

describe('an item named in a sentence', () => {
  it('given a printed ref, a former line key and a wording key, then each reads as a person would say it, never the hash', () => {
    expect(itemName('AFI.3')).toBe('item AFI.3');
    expect(itemName('line-32')).toBe('the item without a ref at line 32');
    expect(itemName('no-ref-3f9a2c1b')).toBe('the item without a ref');
    expect(itemName('no-ref-3f9a2c1b-2')).toBe('the item without a ref');
  });
});
