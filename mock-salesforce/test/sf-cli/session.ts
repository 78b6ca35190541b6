// The Salesforce CLI session recorded against the mock (record.ts) and replayed in CI
// (sf-cli-replay.test.ts): login, org display, queries, record CRUD, describe, list, limits,
// tree import and export. `{{url}}`, `{{tree}}` and `{{out}}` are filled in when recording.

/** The org clock during recording and replay, so answers are the same byte for byte. */
export const FROZEN_AT = '2026-01-15T10:00:00.000Z';

export const SESSION: string[][] = [
  ['org', 'login', 'access-token', '--instance-url', '{{url}}', '--alias', 'mock', '--no-prompt', '--json'],
  ['org', 'display', '--target-org', 'mock', '--json'],
  [
    'data',
    'query',
    '-o',
    'mock',
    '-q',
    'SELECT Id, Name, Owner.Name, (SELECT LastName FROM Contacts) FROM Account ORDER BY Name',
  ],
  ['data', 'query', '-o', 'mock', '--all-rows', '-q', 'SELECT Id, Name, IsDeleted FROM Account'],
  ['data', 'query', '-o', 'mock', '-q', 'SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry'],
  ['data', 'create', 'record', '-o', 'mock', '-s', 'Account', '-v', "Name='CLI Co' Industry=Banking", '--json'],
  ['data', 'get', 'record', '-o', 'mock', '-s', 'Account', '-w', "Name='CLI Co'", '--json'],
  ['data', 'update', 'record', '-o', 'mock', '-s', 'Account', '-w', "Name='CLI Co'", '-v', "Name='CLI Co 2'", '--json'],
  ['data', 'create', 'record', '-o', 'mock', '-s', 'Contact', '-v', 'FirstName=Ines LastName=Duarte', '--json'],
  ['data', 'query', '-o', 'mock', '-q', "SELECT Id, Name FROM Contact WHERE LastName = 'Duarte'", '--json'],
  ['data', 'delete', 'record', '-o', 'mock', '-s', 'Account', '-w', "Name='CLI Co 2'", '--json'],
  [
    'data',
    'query',
    '-o',
    'mock',
    '--all-rows',
    '-q',
    "SELECT Id, IsDeleted FROM Account WHERE Name = 'CLI Co 2'",
    '--json',
  ],
  ['sobject', 'describe', '-o', 'mock', '-s', 'Project__c', '--json'],
  ['sobject', 'list', '-o', 'mock', '--sobject', 'custom', '--json'],
  ['limits', 'api', 'display', '-o', 'mock', '--json'],
  ['data', 'import', 'tree', '-o', 'mock', '--plan', '{{tree}}/plan.json', '--json'],
  ['data', 'import', 'tree', '-o', 'mock', '--files', '{{tree}}/Account.json', '--json'],
  [
    'data',
    'export',
    'tree',
    '-o',
    'mock',
    '--plan',
    '--output-dir',
    '{{out}}/export',
    '-q',
    "SELECT Id, Name, (SELECT Name, StageName, CloseDate FROM Opportunities) FROM Account WHERE Name = 'Tree Imports Ltd'",
  ],
];
