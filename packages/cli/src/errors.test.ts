import { expect, test } from 'vitest';
import { describeError } from './errors.ts';

test('an error keeps every line of its message: the later ones say what to do', () => {
  const error = Object.assign(
    new Error('the org lacks the fixture schema; deploy it with:\n  sf project deploy start'),
    {
      code: 'FIXTURE_NOT_DEPLOYED',
    },
  );
  expect(describeError(error)).toBe(
    'FIXTURE_NOT_DEPLOYED: the org lacks the fixture schema; deploy it with:\n  sf project deploy start',
  );
});

test('a Node error names its code once', () => {
  const error = Object.assign(new Error("ENOENT: no such file or directory, open '/missing/x'"), { code: 'ENOENT' });
  expect(describeError(error)).toBe("ENOENT: no such file or directory, open '/missing/x'");
});
