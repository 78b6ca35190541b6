// Ways to break the shipped engine on purpose (suite power): each flag is bent into the real planner
// or file writer through their fault seams (see fault-seams.ts), and the rule it names must catch it.
// The delivery faults bend how work travels over JetStream: a healthy engine absorbs a duplicated or
// redelivered message, and a rule catches a dropped one. A healthy engine has none set.
export interface EngineFaults {
  /** R01 (plan seam): `record only` behaves like `with related records`. */
  alwaysRelated?: boolean;
  /** R02 (plan seam): download/share-only objects are restored like any other. */
  restoresDownloadOnly?: boolean;
  /** R03 (plan seam): the snapshot asked for is ignored; the latest is used. */
  ignoresSnapshot?: boolean;
  /** R04 (plan seam): the plan's records are written while the summary is made, before confirmation. */
  writesBeforeConfirm?: boolean;
  /** R04 (state seam): the job counts the records it overwrote as created (the summary said overwrite). */
  countsOverwritesAsCreates?: boolean;
  /** R04 / R09 (plan seam): the summary lists one will-fail item fewer than the job fails. */
  dropsWillFailItem?: boolean;
  /**
   * R04 (plan seam): the summary is answered at once, and the plan's records are written a few
   * milliseconds later (queued writes landing before confirmation).
   */
  writesAfterSummary?: boolean;
  /** R17 (state seam): the job counts the sharing links it overwrote (a share changed back) as created. */
  countsLinkOverwritesAsCreates?: boolean;
  /** R05 (state seam): the job does not count the supporting items (metafiles) it wrote. */
  uncountedMetafiles?: boolean;
  /** R17 (file-writer seam): file sharing links are not written. */
  dropsFileSharing?: boolean;
  /** R17 (file-writer seam): a file still in the org keeps the sharing it has (links written on create only). */
  keepsLiveSharing?: boolean;
  /** R06 (work seam): references keep the old ids of re-created records. */
  reusesOldIds?: boolean;
  /**
   * R06 (work seam): in a Composite Graph message, a child names the wrong parent node: another
   * record of its parent's type in the same payload (a sibling of the parent, so the org takes it).
   */
  graphWrongParent?: boolean;
  /** R19 (state seam): the job counts a file it gave a new version as created. */
  countsNewVersionsAsCreates?: boolean;
  /** R07 (plan seam): every existing record looks changed, so records with an equal time are overwritten. */
  overwritesEqual?: boolean;
  /**
   * R08 / R09 (plan seam): records planned to fail (deleted mandatory parent, mandatory loop) are put
   * in a wave anyway. The org refuses those writes itself, so no rule sees it (suite-power.test.ts).
   */
  writesMandatoryFailures?: boolean;
  /** R08 (plan seam): the summary hides will-fail records (counted as creates) and failures carry no reason. */
  silentWillFail?: boolean;
  /** R09 (plan seam): optional links of a loop are left empty (never patched). */
  skipsLinkPatches?: boolean;
  /** R10 (plan seam): standard status values are written back. */
  writesStandardStatus?: boolean;
  /** R10 (plan seam): standard status values are written back on overwrite only (re-created records keep the org's). */
  writesStandardStatusOnOverwrite?: boolean;
  /** R11 (plan seam): records gone from the org are planned (and counted) as skipped, never re-created. */
  skipsGoneRecords?: boolean;
  /** R11 (plan seam): re-created records keep their custom record type and the values the master forbids. */
  keepsRecordTypeValues?: boolean;
  /** R13 (plan seam): an attachment restored from Objects/Attachment gets its content from the Attachments folder. */
  attachmentContentFromMetadata?: boolean;
  /** R14 (plan seam): files and attachments are not restored with their records. */
  skipsFiles?: boolean;
  /** R14 (plan seam): an attachment changed since the backup is skipped (and counted so), never overwritten. */
  skipsChangedAttachments?: boolean;
  /** R15 (file-writer seam): restored files are owned by the admin. */
  filesOwnedByAdmin?: boolean;
  /** R16 (file-writer seam): a restored file gets one more version after the backed-up one. */
  addsFileVersions?: boolean;
  /** R18 (file-writer seam): a re-created file carries an old modification time, not the restore's. */
  keepsFileModTime?: boolean;
  /** R19 (plan seam): every file still in the org gets a new version, unchanged ones too. */
  alwaysNewFileVersion?: boolean;
  /** R19 (file-writer seam): an overwrite's version says it is a new version (its reason for change). */
  overwriteSaysNewVersion?: boolean;
  /** Delivery (work seam): every work message is published twice at once; must still pass. */
  duplicatesWork?: boolean;
  /** Delivery (work seam): every work message is delivered again a little later; must still pass. */
  redeliversWork?: boolean;
  /** Delivery (work seam): record batches are never published, so their job never ends. */
  dropsWork?: boolean;
}
