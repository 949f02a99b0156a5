import { describe, expect, it } from 'vitest';
import { readSeedTextTraced } from '../../src/import/read/paper-reader.js';
import { readSeed, SEED_IDS } from './helpers.js';

/** A board paper of the seeds' family that names its inspection only in its own heading line. */
function paper(opts: { title: string | null }): string {
  return [
    'PROTECTIVE MARKING: NOT PROTECTIVELY MARKED',
    'BRITISH TRANSPORT POLICE',
    '',
    'REPORT TO: Strategic Command Team',
    'DATE: 12 May 2016',
    '',
    '1 PURPOSE OF PAPER',
    '1.1 To update the team on progress against the inspection.',
    '',
    ...(opts.title === null ? [] : [opts.title, '']),
    '**SCT Portfolio Holder: ACC Jane Doe, Protective Services**',
    '**Improvement Plan Owner: D/Supt Alan Smith**',
    [
      'Ref',
      'Area for Improvement',
      'Action Owner',
      'Due Date',
      'Initial Response',
      'Date of Update',
      'RAG Status',
    ].join('\t'),
    [
      'AFI.1',
      'Test contingency plans with partners.',
      'D/Supt Alan Smith',
      '30-Jun-16',
      'Accepted.',
      '01-May-16',
      'AMBER',
    ].join('\t'),
  ].join('\n');
}

describe("the inspection's title comes from the document", () => {
  it('given a paper whose only title is an upper-case line before the first ** header, then that line names the inspection', () => {
    const { document } = readSeedTextTraced(paper({ title: 'COUNTER TERRORISM INSPECTION ACTION PLAN' }), {
      source: 'ct-plan.txt',
    });
    expect(document.inspections.map((i) => i.title)).toEqual(['COUNTER TERRORISM INSPECTION ACTION PLAN']);
    expect(document.inspections[0]?.plans.map((p) => [p.portfolio, p.portfolioOwner, p.planOwner])).toEqual([
      ['Protective Services', 'ACC Jane Doe', 'D/Supt Alan Smith'],
    ]);
    expect(document.warnings.filter((w) => /names no inspection/.test(w.reason))).toEqual([]);
  });

  it('given the title in bold, then it is read without the marks', () => {
    const { document } = readSeedTextTraced(paper({ title: '**PUBLIC PROTECTION INSPECTION PLAN**' }), {
      source: 'pp.txt',
    });
    expect(document.inspections[0]?.title).toBe('PUBLIC PROTECTION INSPECTION PLAN');
  });

  it('given a paper with no title at all, then the file name is the last resort, and a warning says so at the plan header line', () => {
    const { document } = readSeedTextTraced(paper({ title: null }), {
      source: 'folder/ct plan may 2016.txt',
    });
    expect(document.inspections.map((i) => i.title)).toEqual(['ct plan may 2016']);
    const warning = document.warnings.find((w) => /names no inspection/.test(w.reason));
    expect(warning?.line).toBe(10);
    expect(warning?.reason).toMatch(/named after the file, "ct plan may 2016"; add a title line/);
  });

  it.each(SEED_IDS)(
    'given seed %s, then its title is its heading, never "Untitled inspection" nor the file name',
    (seed) => {
      const { document } = readSeed(seed);
      for (const inspection of document.inspections) {
        expect(inspection.title).not.toMatch(/Untitled inspection|^\d{3}_/);
      }
      expect(document.warnings.filter((w) => /names no inspection/.test(w.reason))).toEqual([]);
    },
  );
});
