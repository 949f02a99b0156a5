import type { Ulid } from '../../domain/fields.js';
import type { IsoDate, ParsedItem } from '../parsed-document.js';
import type { Listing } from './item-identities.js';
import { notebook, type Planned, SHORT } from './notes.js';
import { cellOf, type Dated, RANK } from './planned-command.js';

/** What `sharedListings` looks at. */
export interface SharedListingsInput {
  readonly itemId: Ulid;
  readonly listings: readonly Listing[];
  /** The listing the item was received with: its owners and due date are the item's. */
  readonly primary: Listing;
  /** The plan id of a listing's plan when that plan shares the item (jointly allocated); else null. */
  readonly sharingPlanOf: (planIndex: number) => Ulid | null;
  readonly portfolios: readonly string[];
  /** The joint allocation's date: a listing's own facts follow it. */
  readonly on: IsoDate | null;
  readonly dated: Dated | null;
}

/** Timescale as listed: without a readable due date, the heading's timescale or the cell's words. */
export const timescaleOf = (item: ParsedItem) =>
  item.dueDate === null ? (item.timescale ?? item.dueText) : item.timescale;

/**
 * Each plan sharing a jointly allocated item keeps the owners and due date its own row prints,
 * where they differ from the item's (seed 002's AFI.22 in Operations: "ACC Territorial Policing",
 * 31 Jul 2011, where Territorial Policing's row says "C/Ins Brian Gosden Supt Pacey", 30 Jun
 * 2011). A listing that differs in a plan that does not share the item (it moved away) is noted.
 */
export function sharedListings(input: SharedListingsInput): Planned {
  const { itemId, listings, primary, sharingPlanOf, portfolios, on, dated } = input;
  const book = notebook();
  const commands: Planned['commands'] = [];
  const main = primary.item;
  for (const listing of listings) {
    if (listing === primary) continue;
    const o = listing.item;
    const line = o.line;
    const ownersDiffer = o.strategicLead !== main.strategicLead || o.actionOwner !== main.actionOwner;
    const dueDiffers = o.dueDate !== main.dueDate || timescaleOf(o) !== timescaleOf(main);
    if (!ownersDiffer && !dueDiffers) continue;
    const listingPlanId = sharingPlanOf(listing.planIndex);
    if (listingPlanId === null) {
      book.note(
        line,
        `this row gives the item another due date or owner than line ${main.line} does, and the item is not shared between plans: the item keeps line ${main.line}'s. If this row is right, correct line ${main.line} and import again`,
      );
      continue;
    }
    const portfolio = portfolios[listing.planIndex] ?? `plan ${listing.planIndex + 1}`;
    if (ownersDiffer) {
      const strategicLead = book.fit(o.strategicLead, SHORT, line, 'the strategic lead');
      const actionOwner = book.fit(o.actionOwner, SHORT, line, 'the action owner');
      commands.push({
        command: { type: 'AssignOwner', data: { itemId, listingPlanId, strategicLead, actionOwner } },
        effectiveOn: on,
        line,
        rank: RANK.listing,
        ...cellOf(o, o.actionOwner !== null || o.strategicLead === null ? 'actionOwner' : 'strategicLead'),
        dated,
      });
    }
    if (dueDiffers) {
      const reason = `as the ${portfolio} plan lists it (line ${line})`.slice(0, SHORT);
      const timescale = book.fit(timescaleOf(o), SHORT, line, 'the timescale');
      commands.push({
        command: {
          type: 'ChangeDueDate',
          data: { itemId, listingPlanId, dueDate: o.dueDate, timescale, reason, escalated: false },
        },
        effectiveOn: on,
        line,
        rank: RANK.listing,
        ...cellOf(o, 'dueDate'),
        dated,
      });
    }
  }
  return { commands, notes: book.notes };
}
