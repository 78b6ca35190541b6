// Which objects the standard polymorphic links may point at, and the parent-side names of the
// standard relationships. Kept apart from the objects so the loader can extend both.

/** Standard objects a file can be linked to or published in (custom objects are added per org). */
export const STANDARD_FILE_LINK_TARGETS = [
  'Account',
  'Contact',
  'Opportunity',
  'Case',
  'Lead',
  'Contract',
  'Order',
  'Solution',
  'Task',
  'User',
  'ContentWorkspace',
];
/** Standard objects that can carry Classic attachments. */
export const STANDARD_ATTACHMENT_PARENTS = [
  'Account',
  'Contact',
  'Opportunity',
  'Case',
  'Lead',
  'Contract',
  'Order',
  'Solution',
  'Task',
];
/** Standard objects a Task can be about (WhatId); custom objects join when activities are enabled. */
export const STANDARD_ACTIVITY_PARENTS = ['Account', 'Opportunity', 'Case', 'Contract', 'Order', 'Solution'];

/**
 * Polymorphic parent fields whose targets grow with the org's custom objects:
 * `all` takes every custom object, `activities` only those with activities enabled.
 */
export const GROWING_POLYMORPHIC_FIELDS: ReadonlyArray<{ object: string; field: string; takes: 'all' | 'activities' }> =
  [
    { object: 'ContentDocumentLink', field: 'LinkedEntityId', takes: 'all' },
    { object: 'ContentVersion', field: 'FirstPublishLocationId', takes: 'all' },
    { object: 'Attachment', field: 'ParentId', takes: 'all' },
    { object: 'Task', field: 'WhatId', takes: 'activities' },
  ];

/** Parent-side names of standard relationships (`Account.Contacts`), keyed `Child.Field`. */
export const STANDARD_CHILD_RELATIONSHIP_NAMES: Readonly<Record<string, string>> = {
  'Account.ParentId': 'ChildAccounts',
  'Contact.AccountId': 'Contacts',
  'Contact.ReportsToId': 'ReportsToContacts',
  'Opportunity.AccountId': 'Opportunities',
  'Case.AccountId': 'Cases',
  'Case.ContactId': 'Cases',
  'Case.ParentId': 'Cases',
  'Contract.AccountId': 'Contracts',
  'Order.AccountId': 'Orders',
  'Order.ContractId': 'Orders',
  'Task.WhatId': 'Tasks',
  'Task.WhoId': 'Tasks',
  'Attachment.ParentId': 'Attachments',
  'ContentDocumentLink.LinkedEntityId': 'ContentDocumentLinks',
  'ContentDocumentLink.ContentDocumentId': 'ContentDocumentLinks',
  'ContentVersion.ContentDocumentId': 'ContentVersions',
  'ContentVersion.FirstPublishLocationId': 'ContentVersions',
  'User.ProfileId': 'Users',
  'User.ManagerId': 'ManagedUsers',
  'Lead.ConvertedAccountId': 'ConvertedLeads',
  'Lead.ConvertedContactId': 'ConvertedLeads',
  'Lead.ConvertedOpportunityId': 'ConvertedLeads',
};
