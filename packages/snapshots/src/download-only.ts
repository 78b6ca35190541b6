// Download/share-only object types (R02): their records can be browsed, previewed, downloaded and
// shared, never restored. The reasons are written out in docs/decisions/download-only-types.md.

/** Object type → why its records are never restored. */
export const DOWNLOAD_ONLY_REASONS: Readonly<Record<string, string>> = {
  User: 'users are licensed identities managed by admins; re-creating one would consume a licence and mint a new login',
  Profile: 'profiles are metadata (permissions), deployed through the Metadata API, not written as data',
  PermissionSet: 'permission sets are metadata, deployed through the Metadata API',
  PermissionSetAssignment: 'assignments grant access; restoring them silently would change who can see what',
  Group: 'public groups and queues are sharing configuration, not business data',
  GroupMember: 'group membership is sharing configuration; restoring it silently would change access',
  UserRole: 'the role hierarchy is org configuration that drives sharing',
  RecordType: 'record types are metadata; a restored record uses the record types the org has now (R11)',
  Organization: 'the org itself: one read-only row, never created or replaced',
  BusinessHours: 'org configuration that drives escalation and entitlement timers',
  ContentDocumentLink: 'file sharing links are restored with their file (R17), never on their own',
  ContentWorkspace: 'libraries are configuration of the Files home, not records a user owns',
};

export const DOWNLOAD_ONLY_TYPES: ReadonlySet<string> = new Set(Object.keys(DOWNLOAD_ONLY_REASONS));

/** `isDownloadOnly('User') === true`; `isDownloadOnly('Account') === false`. */
export function isDownloadOnly(objectType: string): boolean {
  return DOWNLOAD_ONLY_TYPES.has(objectType);
}
