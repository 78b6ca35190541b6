// Reading one Salesforce metadata XML file into plain values. Every tag value stays a string
// (Salesforce writes `true`, `18`, `'Draft'` alike) and the callers convert what they need.

import { readFile } from 'node:fs/promises';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SchemaError } from './errors.ts';

export type XmlNode = { [tag: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true });

/** Parses a metadata file and returns the content of its root element (`CustomField`, ...). */
export async function readMetadataXml(file: string, rootElement: string): Promise<XmlNode> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new SchemaError('FILE_NOT_FOUND', 'cannot read the file', { file, cause });
  }
  return parseMetadataXml(text, file, rootElement);
}

export function parseMetadataXml(text: string, file: string, rootElement: string): XmlNode {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new SchemaError('BAD_XML', `malformed XML at line ${line}, column ${col}: ${msg}`, { file });
  }
  // The validator lets a few broken inputs through (`<A/` is one) that the parser then throws on.
  let doc: XmlNode;
  try {
    doc = parser.parse(text) as XmlNode;
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new SchemaError('BAD_XML', `malformed XML: ${detail}`, { file, cause });
  }
  const root = doc[rootElement];
  if (root === undefined) {
    const found = Object.keys(doc).filter((k) => !k.startsWith('?'));
    throw new SchemaError('BAD_METADATA', `expected a <${rootElement}> root element, found <${found.join('>, <')}>`, {
      file,
    });
  }
  // An empty element parses as ''; treat it as an element with no children.
  return typeof root === 'object' && !Array.isArray(root) ? root : {};
}

/** Repeated elements parse as an array, a single one as a value: always give a list. */
export function asArray(value: XmlValue | undefined): XmlValue[] {
  if (value === undefined || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

export function textOf(node: XmlNode, tag: string): string | undefined {
  const v = node[tag];
  return typeof v === 'string' ? v : undefined;
}

export function flagOf(node: XmlNode, tag: string, fallback = false): boolean {
  const v = textOf(node, tag);
  return v === undefined ? fallback : v === 'true';
}

export function numberOf(node: XmlNode, tag: string): number | undefined {
  const v = textOf(node, tag);
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export function childNode(node: XmlNode, tag: string): XmlNode | undefined {
  const v = node[tag];
  return typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

export function childNodes(node: XmlNode, tag: string): XmlNode[] {
  return asArray(node[tag]).filter((v): v is XmlNode => typeof v === 'object' && !Array.isArray(v));
}
