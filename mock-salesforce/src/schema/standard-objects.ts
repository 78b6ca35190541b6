// The standard objects every mock org starts with: the fields a restore reads or writes, with the
// flags real describe calls report (createable / updateable / nillable / defaultedOnCreate), the
// real key prefixes, and the standard status picklists with their out-of-the-box values.

import type { ObjectDescribe } from '@restorelab/salesforce';
import {
  account,
  caseObject,
  contact,
  contract,
  lead,
  opportunity,
  order,
  solution,
  task,
} from './standard-objects-crm.ts';
import { attachment, contentDocument, contentDocumentLink, contentVersion } from './standard-objects-files.ts';
import { contentWorkspace, group, organization, profile, recordType, user } from './standard-objects-platform.ts';

export {
  GROWING_POLYMORPHIC_FIELDS,
  STANDARD_ACTIVITY_PARENTS,
  STANDARD_ATTACHMENT_PARENTS,
  STANDARD_CHILD_RELATIONSHIP_NAMES,
  STANDARD_FILE_LINK_TARGETS,
} from './standard-links.ts';
export { masterRecordType } from './standard-object-kit.ts';
export { OPPORTUNITY_STAGES } from './standard-objects-crm.ts';

/** Fresh copies of every standard object (callers may mutate what they get). */
export function standardObjects(): ObjectDescribe[] {
  return [
    organization(),
    user(),
    profile(),
    recordType(),
    group(),
    contentWorkspace(),
    account(),
    contact(),
    opportunity(),
    caseObject(),
    lead(),
    contract(),
    order(),
    solution(),
    task(),
    contentDocument(),
    contentVersion(),
    contentDocumentLink(),
    attachment(),
  ];
}
