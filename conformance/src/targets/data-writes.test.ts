import { describe, expect, test } from 'vitest';
import { isDataWrite } from './data-writes.ts';

const data = '/services/data/v60.0';

describe('isDataWrite', () => {
  test.each([
    ['POST', `${data}/sobjects/Account`, undefined, true],
    ['PATCH', `${data}/sobjects/Account/001`, undefined, true],
    ['DELETE', `${data}/composite/sobjects?ids=001`, undefined, true],
    ['POST', `${data}/composite/tree/Account`, undefined, true],
    ['GET', `${data}/query?q=SELECT+Id+FROM+Account`, undefined, false],
    ['POST', '/services/oauth2/token', 'grant_type=password', false],
    ['POST', `${data}/jobs/query`, '{"operation":"query"}', false],
    ['POST', `${data}/composite/sobjects/Account`, '{"ids":["001"],"fields":["Id"]}', false],
    ['POST', `${data}/composite/sobjects`, '{"records":[]}', true],
    ['POST', `${data}/composite/batch`, '{"batchRequests":[{"method":"GET","url":"v60.0/query"}]}', false],
    ['POST', `${data}/composite/batch`, '{"batchRequests":[{"method":"PATCH","url":"v60.0/sobjects/A/1"}]}', true],
    ['POST', `${data}/composite`, '{"compositeRequest":[{"method":"POST","url":"/x"}]}', true],
    ['POST', `${data}/composite/batch`, '{"batchRequests":[{"method":"GET"', true],
  ])('%s %s %s → %s', (method, path, body, write) => {
    expect(isDataWrite({ method, path, ...(body ? { body } : {}) })).toBe(write);
  });
});
