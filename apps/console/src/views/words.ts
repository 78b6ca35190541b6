// Salesforce's one-letter codes and API names, said in the words a person reads them in.

const SHARE_TYPES: Record<string, string> = {
  V: 'Viewer',
  C: 'Collaborator',
  I: 'Inferred (from the record it is shared with)',
};

const VISIBILITIES: Record<string, string> = {
  AllUsers: 'all users',
  InternalUsers: 'internal users only',
  SharedUsers: 'users it is shared with',
};

/** A file link's share type (V, C, I) in words; an unknown code stays as it is. */
export const shareTypeWords = (code: string): string => SHARE_TYPES[code] ?? code;

/** A file link's visibility (AllUsers, InternalUsers, SharedUsers) in words. */
export const visibilityWords = (visibility: string): string => VISIBILITIES[visibility] ?? visibility;
