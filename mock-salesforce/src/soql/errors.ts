// The SOQL engine's one error family. Each code is the errorCode Salesforce answers a bad query with,
// so the REST layer can pass `code` and `message` straight through as a 400.

export type SoqlErrorCode = 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE';

export class SoqlError extends Error {
  override readonly name = 'SoqlError';
  readonly code: SoqlErrorCode;

  constructor(code: SoqlErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

export const malformed = (message: string, cause?: unknown): SoqlError =>
  new SoqlError('MALFORMED_QUERY', message, { cause });

export const noSuchColumn = (column: string, objectName: string): SoqlError =>
  new SoqlError(
    'INVALID_FIELD',
    `No such column '${column}' on entity '${objectName}'. If you are attempting to use a custom field, be sure to ` +
      `append the '__c' after the custom field name. Please reference your WSDL or the describe call for the ` +
      `appropriate names.`,
  );

export const unknownRelationship = (relationship: string): SoqlError =>
  new SoqlError(
    'INVALID_FIELD',
    `Didn't understand relationship '${relationship}' in field path. If you are attempting to use a custom ` +
      `relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL ` +
      `or the describe call for the appropriate names.`,
  );

export const unsupportedType = (objectName: string): SoqlError =>
  new SoqlError(
    'INVALID_TYPE',
    `sObject type '${objectName}' is not supported. If you are attempting to use a custom object, be sure to ` +
      `append the '__c' after the entity name. Please reference your WSDL or the describe call for the ` +
      `appropriate names.`,
  );
