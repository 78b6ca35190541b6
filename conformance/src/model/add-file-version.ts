// Command: upload a new version of one of the world's files.
import type fc from 'fast-check';
import { addVersion } from '../org/files.ts';
import type { OrgModel, OrgUnderTest } from './model.ts';

export class AddFileVersion implements fc.AsyncCommand<OrgModel, OrgUnderTest> {
  readonly file: number;
  constructor(file: number) {
    this.file = file;
  }
  check(m: Readonly<OrgModel>): boolean {
    return this.file < m.fileVersions.length && m.fileDeleted[this.file] === false;
  }
  async run(m: OrgModel, r: OrgUnderTest): Promise<void> {
    const version = (m.fileVersions[this.file] ?? 1) + 1;
    // The file may have been restored as a new document: add to whichever document holds it now.
    const live = r.live.files.find((f) => f.index === this.file);
    const documentId = live?.contentDocumentId ?? (r.world.documents[this.file] as string);
    await addVersion(
      r.session.conn,
      documentId,
      r.world.tag,
      this.file,
      `${r.world.tag} file ${this.file} v${version}\n`,
    );
    m.fileVersions[this.file] = version;
  }
  toString(): string {
    return `add a version to file ${this.file}`;
  }
}
