import { describe, it } from 'vitest';
import { inspectionDecider } from '../../src/domain/inspection-decider.js';
import { deciderSpec } from './decider-spec.js';
import { INSPECTION, inspectionRegistered, meta } from './fixtures.js';

const spec = deciderSpec(inspectionDecider);
const register = (over: Partial<ReturnType<typeof inspectionRegistered>['data']> = {}) => ({
  type: 'RegisterInspection' as const,
  data: inspectionRegistered(over).data,
  metadata: meta('2011-01-15'),
});

describe('RegisterInspection', () => {
  it('registers a report', () => {
    spec.given().when(register()).then([inspectionRegistered()]);
  });
  it('refuses a second registration', () => {
    spec
      .given([inspectionRegistered()])
      .when(register())
      .thenThrows('inspection.already_registered', 'data.inspectionId');
  });
  it('refuses fieldwork that ends before it starts', () => {
    spec
      .given()
      .when(register({ fieldworkFrom: '2010-09-30', fieldworkTo: '2010-09-01' }))
      .thenThrows('inspection.fieldwork_dates_reversed', 'data.fieldworkTo');
  });
});

describe('corrections on an inspection stream', () => {
  it('need the inspection to exist', () => {
    spec
      .given()
      .when({
        type: 'RetractEntry',
        data: { retractsEventId: INSPECTION, reason: 'wrong' },
        metadata: meta(),
      })
      .thenNotFound();
  });
});
