// Where the built-in fixtures live, as absolute paths, so the CLI, the admin API and tests can
// load them from any working directory.

import { fileURLToPath } from 'node:url';

const fixture = (path: string) => fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));

export interface FixtureOrg {
  /** The SFDX project folder (pass to loadSfdxSchema). */
  metadataDir: string;
  /** The tree-format plan file (pass to loadTreePlan). */
  dataPlan: string;
}

/** The demo org the mock loads when started without `--metadata`. */
export const DEMO_ORG: FixtureOrg = {
  metadataDir: fixture('demo-org'),
  dataPlan: fixture('demo-org/data/plan.json'),
};

/** A tiny org for tests: one custom object and one custom field on Account. */
export const MINIMAL_ORG: FixtureOrg = {
  metadataDir: fixture('minimal'),
  dataPlan: fixture('minimal/data/plan.json'),
};
