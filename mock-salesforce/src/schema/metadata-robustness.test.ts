// Whatever a metadata file holds, the loader answers with a field or a SchemaError: never a crash
// of another kind (TypeError from a missing element, a parser exception leaking out).
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { SchemaError } from './errors.ts';
import { parseMetadataXml } from './metadata-xml.ts';
import { loadCustomField } from './sfdx-fields.ts';

const TAGS = [
  'type',
  'label',
  'referenceTo',
  'valueSet',
  'valueSetDefinition',
  'value',
  'fullName',
  'default',
  'formula',
];
const TYPES = [
  'Text',
  'Number',
  'Picklist',
  'MultiselectPicklist',
  'Lookup',
  'MasterDetail',
  'Checkbox',
  'Summary',
  'Bogus',
];
const word = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('true', 'false', '18', "'x'", 'Account', ''));
const tag = (name: string, inner: fc.Arbitrary<string>) => inner.map((v) => `<${name}>${v}</${name}>`);

/** Random element trees from the tags a field file uses, with arbitrary text inside. */
const noise: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    word,
    fc
      .tuple(fc.constantFrom(...TAGS), fc.array(tie('node'), { maxLength: 3 }))
      .map(([name, children]) => `<${name}>${children.join('')}</${name}>`),
  ),
})).node;

/** Mostly plausible field files: a known type and a random choice of the elements it may carry. */
const fieldFile = fc
  .tuple(
    tag('type', fc.constantFrom(...TYPES)),
    fc.tuple(
      ...[
        tag('label', word),
        tag('required', fc.constantFrom('true', 'false', 'maybe')),
        tag('length', fc.oneof(fc.nat().map(String), word)),
        tag('referenceTo', word),
        tag('relationshipName', word),
        tag('deleteConstraint', fc.constantFrom('SetNull', 'Restrict', 'Cascade', 'Explode')),
        tag('reparentableMasterDetail', fc.constantFrom('true', 'false')),
        tag('defaultValue', word),
        tag('formula', word),
        tag(
          'valueSet',
          fc
            .tuple(
              tag('restricted', fc.constantFrom('true', 'false')),
              fc
                .array(
                  fc
                    .tuple(tag('fullName', word), tag('default', fc.constantFrom('true', 'false')))
                    .map(([n, d]) => `<value>${n}${d}</value>`),
                  { maxLength: 4 },
                )
                .map((vs) => `<valueSetDefinition>${vs.join('')}</valueSetDefinition>`),
            )
            .map(([r, d]) => r + d),
        ),
      ].map((element) => fc.option(element, { nil: '' })),
    ),
    fc.array(noise, { maxLength: 2 }),
  )
  .map(([type, known, extra]) => `<CustomField>${type}${known.join('')}${extra.join('')}</CustomField>`);

function outcome(text: string): 'field' | 'schema-error' {
  try {
    const node = parseMetadataXml(text, '/p/F__c.field-meta.xml', 'CustomField');
    loadCustomField('Thing__c', 'F__c', node, '/p/F__c.field-meta.xml');
    return 'field';
  } catch (error) {
    if (error instanceof SchemaError && error.file === '/p/F__c.field-meta.xml') return 'schema-error';
    throw error;
  }
}

describe('metadata robustness', () => {
  test.prop([fieldFile])('field files of any shape load or give a SchemaError', (text) => {
    expect(['field', 'schema-error']).toContain(outcome(text));
  });

  test.prop([fc.string({ maxLength: 200 })])('any text at all loads or gives a SchemaError', (text) => {
    expect(['field', 'schema-error']).toContain(outcome(text));
  });

  // Found by the property above (seed -1766670654): fast-xml-parser's validator passes `<A/`,
  // and its parser then throws a plain Error.
  test('text the XML validator passes but the parser refuses is a SchemaError too', () => {
    for (const text of ['<A/', '<CustomField/']) expect(outcome(text)).toBe('schema-error');
  });
});
