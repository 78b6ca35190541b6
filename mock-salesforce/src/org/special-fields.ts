// Standard fields the org's generic rules treat apart from what their describe says: references
// that may point at any object (and which of those follow their parent into the recycle bin), and
// fields the org manages itself. Both the write checks and the delete rules read these.

/** Reference fields that may point at any object (polymorphic in Salesforce), as `object.field` in lower case. */
export const ANY_TARGET: ReadonlySet<string> = new Set([
  'contentdocumentlink.linkedentityid',
  'attachment.parentid',
  'task.whatid',
  'task.whoid',
  'contentversion.firstpublishlocationid',
  'event.whatid',
  'event.whoid',
]);

/** Of those, the ones that follow their parent into the recycle bin. */
export const CASCADE_ANY: ReadonlySet<string> = new Set([
  'contentdocumentlink.linkedentityid',
  'attachment.parentid',
  'task.whatid',
  'task.whoid',
  'event.whatid',
  'event.whoid',
]);

/** Fields the org maintains itself: an API write may not set them, nor is it asked for them. */
export const SYSTEM_MANAGED: ReadonlySet<string> = new Set(['Id', 'IsDeleted', 'SystemModstamp']);

/** Audit fields: settable on insert only when the org allows it ("Set Audit Fields upon Record Creation"). */
export const AUDIT_SETTABLE: ReadonlySet<string> = new Set([
  'CreatedDate',
  'CreatedById',
  'LastModifiedDate',
  'LastModifiedById',
]);
