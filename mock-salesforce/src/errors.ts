// The mock's one error family. Every refusal the org model or a route makes is a SalesforceApiError
// carrying Salesforce's own errorCode, HTTP status and message shape; `toErrorBody` is the single
// place that turns any thrown value into the JSON array Salesforce answers with.

export interface SalesforceErrorItem {
  message: string;
  errorCode: string;
  fields: string[];
}

export class SalesforceApiError extends Error {
  override readonly name = 'SalesforceApiError';
  /** Salesforce's errorCode (statusCode in sObject Collections results). */
  readonly code: string;
  /** HTTP status the REST API answers with when this error ends a request. */
  readonly status: number;
  readonly fields: string[];

  constructor(code: string, message: string, options: { status?: number; fields?: string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? 400;
    this.fields = options.fields ?? [];
  }

  toItem(): SalesforceErrorItem {
    return { message: this.message, errorCode: this.code, fields: this.fields };
  }
}

// Constructors for the errors the mock raises most, so messages keep one shape everywhere.

export const notFound = (): SalesforceApiError =>
  new SalesforceApiError('NOT_FOUND', 'The requested resource does not exist', { status: 404 });

export const invalidSession = (): SalesforceApiError =>
  new SalesforceApiError('INVALID_SESSION_ID', 'Session expired or invalid', { status: 401 });

export const entityIsDeleted = (status = 400): SalesforceApiError =>
  new SalesforceApiError('ENTITY_IS_DELETED', 'entity is deleted', { status });

export const requiredFieldMissing = (fields: string[]): SalesforceApiError =>
  new SalesforceApiError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${fields.join(', ')}]`, { fields });

export const readOnlyField = (fields: string[]): SalesforceApiError =>
  new SalesforceApiError(
    'INVALID_FIELD_FOR_INSERT_UPDATE',
    `Unable to create/update fields: ${fields.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
    { fields },
  );

export const noSuchColumn = (field: string, objectName: string): SalesforceApiError =>
  new SalesforceApiError('INVALID_FIELD', `No such column '${field}' on sobject of type ${objectName}`, {
    fields: [field],
  });

export const invalidType = (objectName: string): SalesforceApiError =>
  new SalesforceApiError(
    'INVALID_TYPE',
    `sObject type '${objectName}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
  );

export const malformedId = (label: string, value: string, field?: string): SalesforceApiError =>
  new SalesforceApiError('MALFORMED_ID', `${label}: id value of incorrect type: ${value}`, {
    fields: field ? [field] : [],
  });

export const jsonParserError = (detail: string): SalesforceApiError =>
  new SalesforceApiError('JSON_PARSER_ERROR', detail);

export const requestLimitExceeded = (): SalesforceApiError =>
  new SalesforceApiError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', { status: 403 });

/**
 * The JSON body and status for any thrown value. Unknown errors become a generic
 * UNKNOWN_EXCEPTION without a stack trace, as Salesforce does.
 */
export function toErrorBody(error: unknown): { status: number; body: SalesforceErrorItem[] } {
  if (error instanceof SalesforceApiError) return { status: error.status, body: [error.toItem()] };
  return {
    status: 500,
    body: [
      {
        message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 0000000000-00000',
        errorCode: 'UNKNOWN_EXCEPTION',
        fields: [],
      },
    ],
  };
}
