// Ways to break the in-process engine on purpose, one rule each: the suite must catch every one
// (suite power). A healthy engine has none set.
export interface EngineFaults {
  /** R01: `record only` behaves like `with related records`. */
  alwaysRelated?: boolean;
  /** R02: download/share-only objects are restored like any other. */
  restoresDownloadOnly?: boolean;
  /** R03: the snapshot asked for is ignored; the latest is used. */
  ignoresSnapshot?: boolean;
  /** R04: records are written while the summary is made, before confirmation. */
  writesBeforeConfirm?: boolean;
  /** R05: the job does not count the supporting items (metafiles) it wrote. */
  uncountedMetafiles?: boolean;
  /** R17 (and R05): file sharing links are not written. */
  dropsFileSharing?: boolean;
  /** R06: references keep the old ids of re-created records. */
  reusesOldIds?: boolean;
  /** R07: records whose modification time is equal are overwritten. */
  overwritesEqual?: boolean;
  /** R08 / R09: records planned to fail (deleted mandatory parent, mandatory loop) are written anyway. */
  writesMandatoryFailures?: boolean;
  /** R08: the summary hides will-fail records (counted as creates) and failures carry no reason. */
  silentWillFail?: boolean;
  /** R09: optional links of a loop are left empty (never patched). */
  skipsLinkPatches?: boolean;
  /** R10: standard status values are written back. */
  writesStandardStatus?: boolean;
  /** R11: values the master record type does not allow are written. */
  keepsRecordTypeValues?: boolean;
  /** R13: an attachment restored from Objects/Attachment gets its content back from the Attachments folder. */
  attachmentContentFromMetadata?: boolean;
  /** R14: files and attachments are not restored with their records. */
  skipsFiles?: boolean;
  /** R15: restored files are owned by the admin. */
  filesOwnedByAdmin?: boolean;
  /** R16: the backup keeps a file's first version, and that is what comes back. */
  restoresOldFileVersions?: boolean;
  /** R18: a re-created file carries its backed-up modification time. */
  keepsFileModTime?: boolean;
  /** R19: every file still in the org gets a new version, unchanged ones too. */
  alwaysNewFileVersion?: boolean;
}
